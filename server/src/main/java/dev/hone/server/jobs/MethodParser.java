package dev.hone.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Params;

import java.util.Set;

/**
 * Checks {@code method} and the deprecated top-level {@code hyperparameters} of a create request
 * (reference §2.2) and returns the normalised method: {@code {type, <type>: {hyperparameters: {...}}}}
 * with {@code "auto"} for every hyperparameter not given. Bounds: batch_size 1..256,
 * learning_rate_multiplier &gt; 0, n_epochs 1..50, beta in (0, 2], compute_multiplier in (0.00001, 10],
 * eval_interval and eval_samples &ge; 1.
 */
final class MethodParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TYPES = Set.of("supervised", "dpo", "reinforcement");
    private static final Set<String> GRADERS = Set.of("string_check", "text_similarity", "python", "score_model",
            "multi");

    private MethodParser() {
    }

    /** The normalised method of a create body. */
    static ObjectNode parse(ObjectNode body) {
        ObjectNode legacy = Params.object(body, "", "hyperparameters");
        ObjectNode method = Params.object(body, "", "method");
        String type = method == null ? "supervised" : Params.requiredString(method, "method.", "type");
        if (!TYPES.contains(type)) {
            throw ApiException.badRequest("method.type", "invalid_value", "Invalid value for 'method.type': '" + type
                    + "'. Expected one of supervised, dpo, reinforcement.");
        }
        ObjectNode sub = method == null ? null : Params.object(method, "method.", type);
        if (method != null) {
            Params.onlyKnown(method, "method.", Set.of("type", type));
        }
        ObjectNode given = sub == null ? null : Params.object(sub, "method." + type + ".", "hyperparameters");
        if (legacy != null) {
            if (!type.equals("supervised")) {
                throw ApiException.badRequest("hyperparameters", "Top-level 'hyperparameters' apply to supervised"
                        + " jobs only; put them in 'method." + type + ".hyperparameters'.");
            }
            if (given != null) {
                throw ApiException.badRequest("hyperparameters", "Give hyperparameters once: either the deprecated"
                        + " top-level 'hyperparameters' or 'method.supervised.hyperparameters', not both.");
            }
        }
        String prefix = legacy != null ? "hyperparameters." : "method." + type + ".hyperparameters.";
        ObjectNode hp = hyperparameters(type, legacy != null ? legacy : given, prefix);
        ObjectNode out = NODES.objectNode();
        out.put("type", type);
        ObjectNode normalised = out.putObject(type);
        if (type.equals("reinforcement")) {
            normalised.set("grader", grader(sub));
            normalised.set("hyperparameters", hp);
            normalised.putNull("response_format");
        } else {
            if (sub != null) {
                Params.onlyKnown(sub, "method." + type + ".", Set.of("hyperparameters"));
            }
            normalised.set("hyperparameters", hp);
        }
        return out;
    }

    private static ObjectNode hyperparameters(String type, ObjectNode given, String prefix) {
        ObjectNode in = given == null ? NODES.objectNode() : given;
        ObjectNode hp = NODES.objectNode();
        hp.set("batch_size", autoOrInt(in, prefix, "batch_size", 1, 256));
        hp.set("learning_rate_multiplier", autoOrNumber(in, prefix, "learning_rate_multiplier", 0,
                Double.MAX_VALUE));
        hp.set("n_epochs", autoOrInt(in, prefix, "n_epochs", 1, 50));
        switch (type) {
            case "dpo" -> {
                hp.set("beta", autoOrNumber(in, prefix, "beta", 0, 2));
                Params.onlyKnown(in, prefix, Set.of("batch_size", "learning_rate_multiplier", "n_epochs", "beta"));
            }
            case "reinforcement" -> {
                String effort = Params.string(in, prefix, "reasoning_effort");
                if (effort != null && !Set.of("default", "low", "medium", "high").contains(effort)) {
                    throw ApiException.badRequest(prefix + "reasoning_effort", "invalid_value", "Invalid value for '"
                            + prefix + "reasoning_effort': expected default, low, medium or high; found '" + effort
                            + "'.");
                }
                hp.put("reasoning_effort", effort == null ? "default" : effort);
                hp.set("compute_multiplier", autoOrNumber(in, prefix, "compute_multiplier", 0.00001, 10));
                hp.set("eval_interval", autoOrInt(in, prefix, "eval_interval", 1, Integer.MAX_VALUE));
                hp.set("eval_samples", autoOrInt(in, prefix, "eval_samples", 1, Integer.MAX_VALUE));
                Params.onlyKnown(in, prefix, Set.of("batch_size", "learning_rate_multiplier", "n_epochs",
                        "reasoning_effort", "compute_multiplier", "eval_interval", "eval_samples"));
            }
            default -> Params.onlyKnown(in, prefix, Set.of("batch_size", "learning_rate_multiplier", "n_epochs"));
        }
        return hp;
    }

    private static JsonNode grader(ObjectNode sub) {
        ObjectNode grader = sub == null ? null : Params.object(sub, "method.reinforcement.", "grader");
        if (grader == null) {
            throw ApiException.badRequest("method.reinforcement.grader", "missing_required_parameter",
                    "Missing required parameter: 'method.reinforcement.grader'.");
        }
        String type = Params.requiredString(grader, "method.reinforcement.grader.", "type");
        if (!GRADERS.contains(type)) {
            throw ApiException.badRequest("method.reinforcement.grader.type", "invalid_value", "Invalid grader type '"
                    + type + "': expected one of multi, python, score_model, string_check, text_similarity.");
        }
        Params.onlyKnown(sub, "method.reinforcement.", Set.of("grader", "hyperparameters"));
        return grader;
    }

    private static JsonNode autoOrInt(ObjectNode in, String prefix, String name, long min, long max) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().equals("auto"))) {
            return NODES.textNode("auto");
        }
        if (v.isTextual()) {
            throw Params.invalidType(prefix + name, "\"auto\" or an integer", v);
        }
        return NODES.numberNode(Params.integer(in, prefix, name, min, max));
    }

    private static JsonNode autoOrNumber(ObjectNode in, String prefix, String name, double lowExclusive,
                                         double highInclusive) {
        JsonNode v = in.get(name);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().equals("auto"))) {
            return NODES.textNode("auto");
        }
        if (!v.isNumber()) {
            throw Params.invalidType(prefix + name, "\"auto\" or a number", v);
        }
        double x = v.doubleValue();
        if (!(x > lowExclusive && x <= highInclusive) || Double.isInfinite(x)) {
            throw ApiException.badRequest(prefix + name, "invalid_value", "Invalid value for '" + prefix + name
                    + "': expected a number greater than " + lowExclusive
                    + (highInclusive < Double.MAX_VALUE ? " and at most " + highInclusive : "") + "; found " + x + ".");
        }
        return NODES.numberNode(x);
    }
}
