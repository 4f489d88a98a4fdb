package dev.hone.engine.train;

import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.kernel.Parallel;

import java.nio.file.Path;
import java.util.List;

/**
 * One training run: what the server (or {@code hone train}) hands the engine. Validated here.
 *
 * @param modelDir           the base model: a Hugging Face directory (config.json, safetensors, tokenizer files)
 * @param examples           the training set, tokenized, at least one example
 * @param validationExamples held-out examples scored at each epoch end; may be empty
 * @param hyperparameters    the recipe's numbers
 * @param outputDir          receives {@code checkpoints/step-N/} and, at the end, {@code final/}
 * @param resumeFrom         a checkpoint directory written by an earlier run of the same spec, or null
 * @param threads            kernel threads the run expects; 0 accepts the process's setting. The kernel pool
 *                           is process-wide ({@code -Dhone.threads}); results are bitwise reproducible only
 *                           for the same thread count, so a mismatch is refused
 */
public record TrainingSpec(Path modelDir, List<TokenizedExample> examples, List<TokenizedExample> validationExamples,
                           Hyperparameters hyperparameters, Path outputDir, Path resumeFrom, int threads) {
    public TrainingSpec {
        if (modelDir == null || outputDir == null || hyperparameters == null) {
            throw new IllegalArgumentException("a training spec needs a model directory, an output directory and"
                    + " hyperparameters");
        }
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("the training set has no examples; expected at least one");
        }
        if (threads < 0 || threads > 0 && threads != Parallel.threads()) {
            throw new IllegalArgumentException("the spec asks for " + threads + " kernel threads but this process runs "
                    + Parallel.threads() + "; start it with -D" + Parallel.THREADS_PROPERTY + "=" + threads
                    + " or pass 0");
        }
        examples = List.copyOf(examples);
        validationExamples = validationExamples == null ? List.of() : List.copyOf(validationExamples);
    }

    /** A fresh run (no resume) with the process's thread count. */
    public static TrainingSpec of(Path modelDir, List<TokenizedExample> examples,
                                  List<TokenizedExample> validationExamples, Hyperparameters hyperparameters,
                                  Path outputDir) {
        return new TrainingSpec(modelDir, examples, validationExamples, hyperparameters, outputDir, null, 0);
    }

    /** The same run continuing from {@code checkpoint}. */
    public TrainingSpec resumingFrom(Path checkpoint) {
        return new TrainingSpec(modelDir, examples, validationExamples, hyperparameters, outputDir, checkpoint, threads);
    }
}
