package dev.hone.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.data.BatchLayout;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.io.DType;
import dev.hone.engine.optim.LrSchedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Next-token pretraining on plain text with the fine-tuning {@link Trainer}: the token stream is cut into
 * windows of exactly {@code seqLen} tokens, each an example whose every token is a target, so each packed row
 * holds one window and a step sees {@code batchSize} windows. The window list is repeated (the loader shuffles
 * the whole list once, seeded) until it holds {@code steps × batchSize} examples, so one epoch is exactly
 * {@code steps} optimizer steps. Not a streaming data pipeline: the text is tokenized in memory, which is fine
 * for the tens of megabytes a small model trains on. Reference: nanoGPT {@code train.py} (random windows of a
 * token stream), llm.c {@code dataloader}.
 */
public final class Pretraining {
    private Pretraining() {
    }

    /**
     * The run's settings.
     *
     * @param steps        optimizer steps, ≥ 1
     * @param batchSize    windows per step, ≥ 1 (also the rows of the one micro-batch per step)
     * @param seqLen       tokens per window, ≥ 2
     * @param learningRate peak learning rate, > 0 (linear warmup over 5 % of the steps, cosine to 10 %)
     * @param seed         data order
     */
    public record Settings(int steps, int batchSize, int seqLen, double learningRate, long seed) {
        public Settings {
            if (steps < 1 || batchSize < 1 || seqLen < 2 || !(learningRate > 0)) {
                throw new IllegalArgumentException("pretraining needs steps >= 1, batch size >= 1, sequence length >= 2"
                        + " and a learning rate > 0; found " + steps + ", " + batchSize + ", " + seqLen + ", "
                        + learningRate);
            }
        }

        /** The trainer's hyperparameters: full training, AdamW (0.9, 0.95), weight decay 0.1, clipping 1.0. */
        public Hyperparameters hyperparameters() {
            return new Hyperparameters(1, batchSize, learningRate, Math.max(1, steps / 20), LrSchedule.Decay.COSINE,
                    0.1, 0.1, 0.9, 0.95, 1e-8, 1.0, TrainingMethod.FULL, 8, 16, 0, List.of(), seed, batchSize, seqLen,
                    BatchLayout.PACK, true);
        }
    }

    /**
     * Consecutive, non-overlapping windows of {@code seqLen} tokens, every token trainable; the tail shorter than
     * a window is dropped (a stream shorter than one window gives one shorter example).
     *
     * @throws IllegalArgumentException when the stream has fewer than 2 tokens
     */
    public static List<TokenizedExample> windows(int[] stream, int seqLen) {
        if (stream.length < 2) {
            throw new IllegalArgumentException("the text has " + stream.length + " tokens; pretraining needs at least 2"
                    + " (give it more text)");
        }
        List<TokenizedExample> out = new ArrayList<>();
        if (stream.length < seqLen) {
            out.add(allTrainable(stream.clone()));
            return out;
        }
        for (int start = 0; start + seqLen <= stream.length; start += seqLen) {
            out.add(allTrainable(Arrays.copyOfRange(stream, start, start + seqLen)));
        }
        return out;
    }

    /** {@code windows} repeated in order and cut to exactly {@code settings.steps() × settings.batchSize()}. */
    public static List<TokenizedExample> examples(List<TokenizedExample> windows, Settings settings) {
        long wanted = (long) settings.steps() * settings.batchSize();
        if (wanted > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("steps × batch size = " + wanted + " is too many windows; use fewer");
        }
        List<TokenizedExample> out = new ArrayList<>((int) wanted);
        for (int i = 0; i < wanted; i++) {
            out.add(windows.get(i % windows.size()));
        }
        return out;
    }

    /**
     * Trains {@code modelDir} (a Hugging Face directory, its weights the starting point) on {@code stream} and
     * writes the trained weights as {@code storeAs} into {@code out} with the base's config and tokenizer files.
     * Trainer checkpoints go to {@code workDir}.
     */
    public static TrainingResult run(Path modelDir, int[] stream, Settings settings, Path workDir, Path out,
                                     DType storeAs, TrainingListener listener) {
        List<TokenizedExample> examples = examples(windows(stream, settings.seqLen()), settings);
        Trainer trainer = new Trainer(TrainingSpec.of(modelDir, examples, List.of(), settings.hyperparameters(),
                workDir));
        trainer.setup();
        TrainingResult result = trainer.train(listener);
        if (result.status() == TrainingResult.Status.COMPLETED) {
            try {
                AtomicDirectory.write(out, d -> {
                    HfModelFiles.copySideFiles(modelDir, d, HfModelFiles.SIDE_FILES);
                    recordDtype(d.resolve("config.json"), storeAs);
                    HfModelFiles.writeWeights(trainer.model(), d, storeAs);
                });
            } catch (IOException | RuntimeException e) {
                throw new UnableToSaveCheckpointException("unable to write " + out + ": " + e.getMessage()
                        + ". Check free disk space and permissions of the output directory", e);
            }
        }
        return result;
    }

    /** Sets config.json's {@code torch_dtype} to what the weights are stored as. */
    private static void recordDtype(Path config, DType storeAs) throws IOException {
        if (!Files.isRegularFile(config)) {
            return;
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(config.toFile());
        root.put("torch_dtype", storeAs == DType.BF16 ? "bfloat16" : storeAs == DType.F16 ? "float16" : "float32");
        Files.write(config, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    private static TokenizedExample allTrainable(int[] ids) {
        boolean[] trainable = new boolean[ids.length];
        Arrays.fill(trainable, true);
        return new TokenizedExample(ids, trainable);
    }
}
