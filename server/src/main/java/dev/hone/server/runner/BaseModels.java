package dev.hone.server.runner;

import dev.hone.engine.io.DType;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelLoader;
import dev.hone.engine.train.HfModelFiles;
import dev.hone.server.models.ModelRegistry;
import dev.hone.server.models.ResolvedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The model directory a job trains from: an alias, snapshot or base name resolves through the registry to
 * its base directory; an {@code ft:} model continues from its weights (full weights are loaded as they
 * are; a LoRA adapter is first merged into its base, written once under the job's directory). Not a cache.
 */
final class BaseModels {
    private BaseModels() {
    }

    /** Where the job's training starts from, and the registry name to record as the new model's base. */
    record Start(Path dir, String baseName) {
    }

    static Start resolve(ModelRegistry registry, String model, String org, Path jobDir) {
        ResolvedModel r = registry.resolve(model, org).orElseThrow(() -> new TrainingFailure("model_not_found",
                "The base model '" + model + "' is not available to this organization. Expected a model listed"
                        + " by GET /v1/models; create the job with one of those."));
        Path dir = switch (r.kind()) {
            case BASE, FULL -> r.loadDir();
            case ADAPTER -> merged(r, jobDir.resolve("base"));
        };
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new TrainingFailure("model_not_found", "The weights of model '" + model + "' are missing: expected"
                    + " a model directory with config.json at " + dir + ". Put the model under HONE_MODELS"
                    + " (or restore the fine-tuned model's files).");
        }
        String name = dir.equals(registry.baseDir(r.baseName())) ? r.baseName()
                : dir.toAbsolutePath().toString();
        return new Start(dir, name);
    }

    private static Path merged(ResolvedModel r, Path out) {
        if (Files.isRegularFile(out.resolve("config.json"))) {
            return out;
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try {
            Files.createDirectories(tmp);
            CausalLm model = ModelLoader.load(r.baseDir(), BaseWeights.FROZEN);
            Lora lora = PeftAdapter.load(model, r.weightsDir());
            lora.mergeIntoBase();
            HfModelFiles.copySideFiles(r.baseDir(), tmp, HfModelFiles.SIDE_FILES);
            HfModelFiles.writeWeights(model, tmp, DType.F32);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TrainingFailure("training_failed", "Could not merge the adapter of " + r.id() + " into its"
                    + " base at " + out + ": " + e.getMessage() + ". Check free disk space under HONE_HOME.", e);
        }
        return out;
    }

    /** The base snapshot a model name starts from: {@code ft:{base}:...} gives {@code base}. */
    static String rootName(String model) {
        if (model.startsWith("ft:")) {
            String[] parts = model.split(":");
            return parts.length > 1 ? parts[1] : model;
        }
        return model;
    }
}
