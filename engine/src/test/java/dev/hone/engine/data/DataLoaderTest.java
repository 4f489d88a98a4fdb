package dev.hone.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** Epoch order from the seed, resume from a cursor, and the gradient-accumulation plan. */
class DataLoaderTest {
    static List<TokenizedExample> dataset(int n) {
        List<TokenizedExample> ex = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ex.add(MicroBatchAssemblerTest.example(k + 1, 1 + (k * 7) % 9));
        }
        return ex;
    }

    static BatchingConfig config(long seed, int perStep, BatchLayout layout) {
        return new BatchingConfig(2, 16, perStep, layout, 0, true, seed);
    }

    /** The example numbers of a step, in order (first token / 100). */
    static List<Integer> ids(StepPlan step) {
        List<Integer> out = new ArrayList<>();
        for (MicroBatch m : step.microBatches()) {
            for (int i = 0; i < m.tokens().length; i++) {
                if (m.segments()[i] >= 0 && m.positions()[i] == 0) {
                    out.add(m.tokens()[i] / 100);
                }
            }
        }
        return out;
    }

    static String fingerprint(StepPlan s) {
        StringBuilder sb = new StringBuilder(s.epoch() + "/" + s.stepInEpoch() + "/" + s.examples() + ":");
        for (MicroBatch m : s.microBatches()) {
            sb.append(Arrays.toString(m.tokens())).append(Arrays.toString(m.targets()))
                    .append(Arrays.toString(m.segments())).append(Arrays.toString(m.lossWeights()));
        }
        return sb.toString();
    }

    static List<String> run(DataLoader loader, int steps) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            out.add(fingerprint(loader.next()));
        }
        return out;
    }

    @Test
    void eachEpochIsASeededPermutationAndTheOrderFollowsFromTheSeed() {
        DataLoader a = new DataLoader(dataset(23), config(5, 4, BatchLayout.PACK));
        assertEquals(6, a.stepsPerEpoch());
        List<List<Integer>> epochs = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            List<Integer> order = new ArrayList<>();
            for (int s = 0; s < 6; s++) {
                StepPlan step = a.next();
                assertEquals(e, step.epoch());
                assertEquals(s, step.stepInEpoch());
                assertEquals(s < 5 ? 4 : 3, step.examples(), "the epoch's last step takes what is left");
                order.addAll(ids(step));
            }
            assertEquals(23, new TreeSet<>(order).size(), "every example exactly once per epoch");
            assertEquals(23, order.size());
            epochs.add(order);
        }
        assertNotEquals(epochs.get(0), epochs.get(1), "a fresh order each epoch");
        assertEquals(run(new DataLoader(dataset(23), config(5, 4, BatchLayout.PACK)), 18),
                run(new DataLoader(dataset(23), config(5, 4, BatchLayout.PACK)), 18), "same seed, same steps");
        assertNotEquals(run(new DataLoader(dataset(23), config(5, 4, BatchLayout.PACK)), 6),
                run(new DataLoader(dataset(23), config(6, 4, BatchLayout.PACK)), 6), "another seed, another order");
    }

    @Test
    void resumingFromASavedCursorReproducesTheRemainingOrder() {
        for (int stop : new int[] {0, 3, 6, 7, 13}) {
            DataLoader straight = new DataLoader(dataset(23), config(11, 4, BatchLayout.PACK));
            run(straight, stop);
            DataCursor saved = straight.cursor();
            List<String> expected = run(straight, 10);

            DataLoader resumed = new DataLoader(dataset(23), config(11, 4, BatchLayout.PACK));
            resumed.seek(new DataCursor(saved.epochStartRng(), saved.epoch(), saved.nextExample()));
            assertEquals(expected, run(resumed, 10), "resume after step " + stop);
        }
        DataLoader loader = new DataLoader(dataset(5), config(1, 2, BatchLayout.PACK));
        assertThrows(IllegalArgumentException.class, () -> loader.seek(new DataCursor(new long[] {1, 2, 3, 4}, 0, 6)));
    }

    @Test
    void requestedBatchSizeBecomesMicroBatchesToAccumulate() {
        BatchingConfig padded = new BatchingConfig(2, 16, 5, BatchLayout.PAD, 0, false, 0);
        DataLoader loader = new DataLoader(dataset(12), padded);
        StepPlan step = loader.next();
        assertEquals(5, step.examples());
        assertEquals(3, step.microBatches().size(), "5 examples at 2 rows per micro-batch: 3 micro-batches");
        long targets = step.microBatches().stream().mapToLong(MicroBatch::targetTokens).sum();
        assertEquals(targets, step.targetTokens());
        assertEquals(List.of(1, 2, 3, 4, 5), ids(step), "no shuffle: dataset order");
        loader.next();
        StepPlan last = loader.next();
        assertEquals(2, last.examples());
        assertEquals(1, last.microBatches().size());
        assertEquals(List.of(11, 12), ids(last));
        assertEquals(0, loader.next().epoch() - 1, "then the next epoch starts");
    }

    @Test
    void evaluationBatchesCoverEveryExampleOnceInOrder() {
        List<MicroBatch> mbs = DataLoader.evaluationBatches(dataset(9), config(0, 1, BatchLayout.PACK));
        int examples = mbs.stream().mapToInt(MicroBatch::examples).sum();
        assertEquals(9, examples);
        DataLoader loader = new DataLoader(List.of(new TokenizedExample(new int[] {1, 2}, new boolean[] {true, false})),
                config(0, 1, BatchLayout.PACK));
        assertEquals(1, loader.examplesWithoutTargets());
    }
}
