package dev.hone.engine.train;

import dev.hone.engine.data.BatchLayout;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.optim.LrSchedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny models, seeded datasets and listeners shared by the trainer tests. */
final class TrainingFixtures {
    static final ModelConfig LLAMA = ModelConfig.llama(16, 16, 2, 2, 1, 24, 32, false);
    static final ModelConfig GPT2 = ModelConfig.gpt2(16, 16, 1, 2, 32);

    private TrainingFixtures() {
    }

    /** A random model directory with a stand-in tokenizer file (to check it is copied). */
    static Path modelDir(Path root, ModelConfig config, long seed) {
        try {
            Path dir = root.resolve("base-" + config.family() + "-" + seed);
            ModelInit.write(config, seed, dir);
            Files.writeString(dir.resolve("tokenizer.json"), "{\"stand-in\": true}");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** n examples of 4..10 tokens below V; the second half of each is trainable. */
    static List<TokenizedExample> examples(int n, int V, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<TokenizedExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 4 + rng.nextInt(7);
            int[] ids = new int[len];
            boolean[] trainable = new boolean[len];
            for (int j = 0; j < len; j++) {
                ids[j] = rng.nextInt(V);
                trainable[j] = j >= len / 2;
            }
            out.add(new TokenizedExample(ids, trainable));
        }
        return out;
    }

    /** 2 epochs of 12 examples in steps of 4, micro-batches of 1 × 16 packed: 6 steps, several micro-batches each. */
    static Hyperparameters hyperparameters() {
        return Hyperparameters.defaults().withEpochs(2).withBatchSize(4).withLearningRate(3e-3)
                .withSchedule(2, LrSchedule.Decay.COSINE, 0.1).withOptimizer(0.01, 1.0)
                .withMicroBatch(1, 16, BatchLayout.PACK).withSeed(7);
    }

    /** Every tensor of a safetensors file. */
    static Map<String, float[]> tensors(Path file) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (TensorStore store = TensorStore.openFile(file)) {
            for (String name : store.names().stream().sorted().toList()) {
                out.put(name, store.floats(name));
            }
        }
        return out;
    }

    /** Records step losses; pauses at the given poll of {@link #control()} (0 = never), or cancels. */
    static final class Recorder implements TrainingListener {
        final List<Double> losses = new ArrayList<>();
        final List<StepMetrics> steps = new ArrayList<>();
        final List<ValidationMetrics> validations = new ArrayList<>();
        final List<Checkpoint> checkpoints = new ArrayList<>();
        private final int stopAtPoll;
        private final Control stop;
        private int polls;

        Recorder(int stopAtPoll, Control stop) {
            this.stopAtPoll = stopAtPoll;
            this.stop = stop;
        }

        Recorder() {
            this(0, Control.CONTINUE);
        }

        @Override
        public void onStep(StepMetrics m) {
            losses.add(m.loss());
            steps.add(m);
        }

        @Override
        public void onValidation(ValidationMetrics m) {
            validations.add(m);
        }

        @Override
        public void onCheckpoint(Checkpoint c) {
            checkpoints.add(c);
        }

        @Override
        public Control control() {
            polls++;
            return polls == stopAtPoll ? stop : Control.CONTINUE;
        }
    }
}
