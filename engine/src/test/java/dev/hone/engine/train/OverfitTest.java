package dev.hone.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.data.BatchLayout;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelLoader;
import dev.hone.engine.optim.LrSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A tiny Llama fine-tuned on 20 prompt/completion examples memorises them: the loss approaches zero and
 * greedy decoding of the saved model, from each prompt alone, reproduces each completion.
 */
class OverfitTest {
    private static final int PROMPT = 3;
    private static final int COMPLETION = 4;
    private static final int T = 16;

    @TempDir
    Path tmp;

    @Test
    void tinyLlamaMemorisesTwentyExamplesAndGreedyDecodingReproducesThem() {
        ModelConfig config = ModelConfig.llama(32, 32, 2, 4, 2, 64, T, false);
        Path base = TrainingFixtures.modelDir(tmp, config, 5);
        SplittableRandom rng = new SplittableRandom(9);
        List<TokenizedExample> data = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int[] ids = new int[PROMPT + COMPLETION];
            boolean[] trainable = new boolean[ids.length];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = rng.nextInt(32);
                trainable[j] = j >= PROMPT;
            }
            ids[0] = i;   // distinct prompts, so each completion is learnable
            data.add(new TokenizedExample(ids, trainable));
        }
        Hyperparameters hp = Hyperparameters.defaults().withEpochs(60).withBatchSize(5).withLearningRate(1e-2)
                .withSchedule(5, LrSchedule.Decay.COSINE, 0.1).withOptimizer(0, 1.0)
                .withMicroBatch(2, T, BatchLayout.PACK).withSeed(1);
        TrainingFixtures.Recorder rec = new TrainingFixtures.Recorder();
        TrainingResult result = Trainer.run(TrainingSpec.of(base, data, List.of(), hp, tmp.resolve("out")), rec);
        double lastEpochLoss = rec.losses.subList(rec.losses.size() - 4, rec.losses.size()).stream()
                .mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(rec.losses.get(0) > 3 && lastEpochLoss < 0.05, "loss " + rec.losses.get(0) + " -> " + lastEpochLoss);
        CausalLm trained = ModelLoader.load(result.weights(), BaseWeights.FROZEN);
        for (TokenizedExample e : data) {
            int[] prompt = Arrays.copyOf(e.ids(), PROMPT);
            assertArrayEquals(Arrays.copyOfRange(e.ids(), PROMPT, PROMPT + COMPLETION), greedy(trained, prompt,
                    COMPLETION), "completion of prompt " + Arrays.toString(prompt));
        }
    }

    /** Appends the argmax token {@code n} times, re-running the whole (1, T) sequence each time. */
    static int[] greedy(CausalLm model, int[] prompt, int n) {
        int V = model.config().V();
        int[] tokens = new int[T];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        int len = prompt.length;
        int[] positions = new int[T];
        for (int t = 0; t < T; t++) {
            positions[t] = t;
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            model.forward(new Batch(1, T, tokens, new int[T], positions, new int[T], new float[T]));
            float[] logits = model.logits();
            int best = 0;
            for (int v = 1; v < V; v++) {
                if (logits[(len - 1) * V + v] > logits[(len - 1) * V + best]) {
                    best = v;
                }
            }
            out[k] = best;
            tokens[len++] = best;
        }
        return out;
    }
}
