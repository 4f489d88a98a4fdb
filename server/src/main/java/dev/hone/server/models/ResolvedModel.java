package dev.hone.server.models;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a model's weights are, as {@link ModelRegistry#resolve} finds them: the base model directory, and for
 * a fine-tuned model (or one of its checkpoints) the trained weights beside it. Not a loader: callers load.
 *
 * @param id         the model id as asked for
 * @param baseName   the base model's registry name (a directory name under {@code HONE_MODELS})
 * @param baseDir    the base model directory (config.json, tokenizer files, safetensors)
 * @param weightsDir null for a base model; for a fine-tuned model a PEFT adapter directory
 *                   ({@link Kind#ADAPTER}: apply it to {@code baseDir}) or a complete Hugging Face model
 *                   directory ({@link Kind#FULL}: load it instead of {@code baseDir})
 * @param kind       {@link Kind#BASE}, {@link Kind#ADAPTER} or {@link Kind#FULL}
 */
public record ResolvedModel(String id, String baseName, Path baseDir, Path weightsDir, Kind kind) {
    /** How the model's weights are stored. */
    public enum Kind {
        /** A base model: {@code baseDir} alone. */
        BASE,
        /** A LoRA adapter (PEFT layout) over {@code baseDir}. */
        ADAPTER,
        /** Full fine-tuned weights: {@code weightsDir} is a complete model directory. */
        FULL;

        /** The value stored in the database ({@code adapter} / {@code full}). */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind stored as {@code value}. */
        public static Kind of(String value) {
            return "full".equals(value) ? FULL : ADAPTER;
        }
    }

    /** The directory to load a model from: the full weights when fine-tuned in full, else the base. */
    public Path loadDir() {
        return kind == Kind.FULL ? weightsDir : baseDir;
    }
}
