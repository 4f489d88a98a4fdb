package dev.hone.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.files.FileCatalog;
import dev.hone.server.files.FileRecord;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Params;
import dev.hone.server.integrations.wandb.WandbConfig;
import dev.hone.server.models.ModelRegistry;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@code POST /fine_tuning/jobs} body field by field (reference §2.2) and turns it into a new
 * {@link Job} in {@code validating_files}. Every failure is a 400 naming its {@code param}; files must
 * exist in the caller's organization with purpose {@code fine-tune}.
 */
final class JobRequest {
    private static final Set<String> FIELDS = Set.of("model", "training_file", "validation_file", "suffix", "seed",
            "hyperparameters", "method", "integrations", "metadata");
    private static final SecureRandom SEEDS = new SecureRandom();

    private JobRequest() {
    }

    static Job parse(ObjectNode body, String org, String id, ModelRegistry models, FileCatalog files,
                     WandbConfig wandbConfig) {
        Params.onlyKnown(body, "", FIELDS);
        String modelName = Params.requiredString(body, "", "model");
        String trainingFile = Params.requiredString(body, "", "training_file");
        String validationFile = Params.string(body, "", "validation_file");
        String suffix = Params.string(body, "", "suffix");
        if (suffix != null && (suffix.isEmpty() || suffix.length() > 64)) {
            throw ApiException.badRequest("suffix", "invalid_value", "Invalid 'suffix': expected 1 to 64 characters;"
                    + " found " + suffix.length() + ".");
        }
        Long seed = Params.integer(body, "", "seed", 0, Integer.MAX_VALUE);
        ObjectNode method = MethodParser.parse(body);
        ArrayNode integrations = integrations(body);
        if (!integrations.isEmpty() && wandbConfig.keyFor(org).isEmpty()) {
            throw ApiException.badRequest("integrations", "invalid_value", "Invalid 'integrations': W&B logging is not"
                    + " configured on this server for organization " + org + ". " + WandbConfig.howToConfigure(org)
                    + " Or create the job without integrations.");
        }
        ObjectNode metadata = metadata(body);
        String model = models.resolveForTraining(org, modelName).orElseThrow(() -> ApiException.badRequest("model",
                "model_not_available", "Model " + modelName + " is not available for fine-tuning or does not exist."));
        checkFile(files, org, trainingFile, "training_file");
        if (validationFile != null) {
            checkFile(files, org, validationFile, "validation_file");
        }
        return new Job(id, org, System.currentTimeMillis() / 1000, model, JobStatus.VALIDATING_FILES, trainingFile,
                validationFile, seed != null ? seed : SEEDS.nextInt(Integer.MAX_VALUE), suffix, method, integrations,
                metadata, null, null, null, null, List.of(), null);
    }

    private static void checkFile(FileCatalog files, String org, String id, String param) {
        FileRecord f = files.find(org, id);
        if (f == null || !f.purpose().equals("fine-tune")) {
            throw ApiException.badRequest(param, null, "invalid " + param + ": " + id);
        }
    }

    private static ArrayNode integrations(ObjectNode body) {
        JsonNode v = body.get("integrations");
        if (v == null || v.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!v.isArray()) {
            throw Params.invalidType("integrations", "an array", v);
        }
        if (v.size() > 5) {
            throw ApiException.badRequest("integrations", "invalid_value", "Invalid 'integrations': at most 5;"
                    + " found " + v.size() + ".");
        }
        for (int i = 0; i < v.size(); i++) {
            String p = "integrations[" + i + "].";
            JsonNode item = v.get(i);
            if (!item.isObject()) {
                throw Params.invalidType("integrations[" + i + "]", "an object", item);
            }
            Params.onlyKnown((ObjectNode) item, p, Set.of("type", "wandb"));
            String type = Params.requiredString(item, p, "type");
            if (!type.equals("wandb")) {
                throw ApiException.badRequest(p + "type", "invalid_value", "Invalid '" + p + "type': only 'wandb' is"
                        + " supported; found '" + type + "'.");
            }
            ObjectNode wandb = Params.object(item, p, "wandb");
            if (wandb == null) {
                throw ApiException.badRequest(p + "wandb", "missing_required_parameter", "Missing required parameter:"
                        + " '" + p + "wandb'.");
            }
            wandb(wandb, p + "wandb.");
        }
        return (ArrayNode) v;
    }

    private static void wandb(ObjectNode w, String p) {
        Params.onlyKnown(w, p, Set.of("project", "name", "entity", "tags"));
        Params.requiredString(w, p, "project");
        Params.string(w, p, "name");
        Params.string(w, p, "entity");
        JsonNode tags = w.get("tags");
        if (tags == null || tags.isNull()) {
            return;
        }
        if (!tags.isArray() || tags.size() > 50) {
            throw ApiException.badRequest(p + "tags", "invalid_value", "Invalid '" + p + "tags': expected an array of"
                    + " at most 50 strings.");
        }
        for (JsonNode t : tags) {
            if (!t.isTextual() || t.textValue().isEmpty() || t.textValue().length() > 64) {
                throw ApiException.badRequest(p + "tags", "invalid_value", "Invalid '" + p + "tags': each tag must be"
                        + " a string of 1 to 64 characters.");
            }
        }
    }

    private static ObjectNode metadata(ObjectNode body) {
        ObjectNode m = Params.object(body, "", "metadata");
        if (m == null) {
            return null;
        }
        if (m.size() > 16) {
            throw ApiException.badRequest("metadata", "invalid_value", "Invalid 'metadata': at most 16 pairs; found "
                    + m.size() + ".");
        }
        for (var it = m.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().length() > 64) {
                throw ApiException.badRequest("metadata", "invalid_value", "Invalid 'metadata': keys are at most 64"
                        + " characters; '" + e.getKey().substring(0, 16) + "...' has " + e.getKey().length() + ".");
            }
            if (!e.getValue().isTextual() || e.getValue().textValue().length() > 512) {
                throw ApiException.badRequest("metadata." + e.getKey(), "invalid_value", "Invalid 'metadata."
                        + e.getKey() + "': values are strings of at most 512 characters.");
            }
        }
        return m;
    }
}
