package dev.hone.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** Cross-entropy with 0/1 loss weights: the mean over weighted tokens, its gradient and accuracy. */
class CrossEntropyTest {
    private final Random rng = new Random(11);

    @Test
    void meanOverWeightedTokensAndItsGradient() {
        meanOverWeightedTokensAndItsGradient(6, new int[] {2, 5, 0, 1});
        // longer than a vector: targets in the vector body and the scalar tail, an ignored target unread
        meanOverWeightedTokensAndItsGradient(37, new int[] {3, -100, 36, 20});
    }

    private void meanOverWeightedTokensAndItsGradient(int V, int[] targets) {
        int BT = 4;
        float[] logits = GradCheck.random(rng, BT * V, 2f);
        float[] weights = {1f, 0f, 1f, 1f};
        float[] losses = new float[BT];
        float[] lse = new float[BT];
        double sum = CrossEntropy.forward(losses, lse, logits, targets, weights, BT, V).loss();
        double expected = 0;
        for (int bt : new int[] {0, 2, 3}) {
            double z = 0;
            for (int v = 0; v < V; v++) {
                z += Math.exp(logits[bt * V + v]);
            }
            expected += Math.log(z) - logits[bt * V + targets[bt]];
        }
        assertEquals(expected, sum, 1e-5);
        assertEquals(0f, losses[1], 0f);

        float[] dlogits = new float[BT * V];
        CrossEntropy.backward(dlogits, logits, lse, targets, weights, 1f / 3, BT, V);
        GradCheck.check("logits", logits, dlogits,
                () -> CrossEntropy.forward(losses, lse, logits, targets, weights, BT, V).loss() / 3);
        float[] inPlace = logits.clone();
        CrossEntropy.forward(losses, lse, inPlace, targets, weights, BT, V);
        CrossEntropy.backward(inPlace, inPlace, lse, targets, weights, 1f / 3, BT, V);
        assertArrayEquals(dlogits, inPlace, 0f, "dlogits may overwrite the logits");
        for (int v = 0; v < V; v++) {
            assertEquals(0f, dlogits[V + v], 0f, "unweighted token gets no gradient");
        }
    }

    @Test
    void accuracyCountsWeightedArgmaxHits() {
        float[] logits = {0f, 3f, 1f, 5f, 0f, 0f, 0f, 0f, 9f};
        int[] targets = {1, 1, 2};
        assertEquals(2, correct(logits, targets, new float[] {1f, 1f, 1f}, 3));
        assertEquals(1, correct(logits, targets, new float[] {1f, 1f, 0f}, 3));
    }

    @Test
    void accuracyGivesTiesToTheLowestIdAndFollowsArgmaxOnNaN() {
        int V = 40;  // longer than a vector, so the prefix scan runs the vector loop
        float[] logits = new float[3 * V];
        int[] targets = {33, 33, 5};
        logits[33] = 4f;           // row 0: the target is the only max
        logits[V + 2] = 4f;        // row 1: an earlier id ties with the target
        logits[V + 33] = 4f;
        logits[2 * V + 5] = 4f;    // row 2: NaN elsewhere in the row: argmax's rule (NaN is never the max)
        logits[2 * V + 9] = Float.NaN;
        float[] weights = {1f, 1f, 1f};
        int expected = 1 + (dev.hone.engine.kernel.VectorOps.argmax(logits, 2 * V, V) == 5 ? 1 : 0);
        assertEquals(expected, correct(logits, targets, weights, V));
        logits[V + 2] = 3f;        // row 1 without the tie
        assertEquals(expected + 1, correct(logits, targets, weights, V));
    }

    private static int correct(float[] logits, int[] targets, float[] weights, int V) {
        int BT = targets.length;
        return CrossEntropy.forward(new float[BT], new float[BT], logits, targets, weights, BT, V).correct();
    }
}
