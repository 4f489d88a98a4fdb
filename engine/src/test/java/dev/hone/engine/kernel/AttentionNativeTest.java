package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.layer.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Random;

/**
 * Attention in bf16 precision on oneDNN ({@link AttentionNative}, reached through {@link CausalAttention})
 * against the fp32 spec {@link CausalAttentionReference}: within bf16 rounding of its inputs (q, k, v,
 * dout, probabilities and dS are rounded to 8 significant bits), across several query blocks, grouped
 * heads and packed segments (contiguous runs, and an id that comes back); and deterministic run to run.
 */
class AttentionNativeTest {

    @Test
    void bf16AttentionMatchesTheFp32SpecWithinBf16Rounding() {
        // row 0 one example, row 1 three packed end to end: every segment a run (the unmasked rows)
        assertMatchesSpec(i -> 0, i -> i < 40 ? 0 : i < 110 ? 1 : 2);
    }

    @Test
    void segmentsThatComeBackAfterAnotherAreMaskedPerKey() {
        // row 1's last run repeats id 0, so its queries also attend the first run (the masked rows)
        assertMatchesSpec(i -> i < 75 ? 3 : 5, i -> i < 40 ? 0 : i < 110 ? 1 : 0);
    }

    private static void assertMatchesSpec(java.util.function.IntUnaryOperator row0,
                                          java.util.function.IntUnaryOperator row1) {
        NativeSupport.dnnl();
        int b = 2;
        int t = 150;  // three query blocks, the last one partial
        int nh = 4;
        int kvh = 2;
        int hs = 24;
        int[] segments = new int[b * t];
        for (int i = 0; i < t; i++) {
            segments[i] = row0.applyAsInt(i);
            segments[t + i] = row1.applyAsInt(i);
        }
        Random rng = new Random(41);
        float[] q = GradCheck.random(rng, b * t * nh * hs, 1f);
        float[] k = GradCheck.random(rng, b * t * kvh * hs, 1f);
        float[] v = GradCheck.random(rng, b * t * kvh * hs, 1f);
        float[] dout = GradCheck.random(rng, q.length, 1f);
        float[] specOut = new float[q.length];
        float[] att = new float[b * nh * t * t];
        CausalAttentionReference.forward(specOut, att, q, k, v, segments, b, t, nh, kvh, hs);
        float[][] spec = {new float[q.length], new float[k.length], new float[v.length]};
        CausalAttentionReference.backward(spec[0], spec[1], spec[2], dout, att, q, k, v, b, t, nh, kvh, hs);

        float[][] run1 = run(q, k, v, dout, segments, b, t, nh, kvh, hs);
        float[][] run2 = run(q, k, v, dout, segments, b, t, nh, kvh, hs);
        String[] names = {"out", "dq", "dk", "dv"};
        float[][] expected = {specOut, spec[0], spec[1], spec[2]};
        for (int i = 0; i < 4; i++) {
            assertClose(expected[i], run1[i], names[i]);
            assertArrayEquals(run1[i], run2[i], names[i] + ": deterministic");
        }
    }

    /** out, dq, dk, dv of one forward and backward in bf16 precision. */
    private static float[][] run(float[] q, float[] k, float[] v, float[] dout, int[] segments, int b, int t, int nh,
                                 int kvh, int hs) {
        float[] out = new float[q.length];
        float[] lse = new float[b * nh * t];
        float[] dq = new float[q.length];
        float[] dk = new float[k.length];
        float[] dv = new float[v.length];
        Precision.runWith(Precision.BF16, () -> {
            assertTrue(AttentionNative.applies(), "bf16 precision with oneDNN loaded takes the native path");
            CausalAttention.forward(out, lse, q, k, v, segments, b, t, nh, kvh, hs);
            CausalAttention.backward(dq, dk, dv, dout, lse, q, k, v, segments, b, t, nh, kvh, hs);
        });
        return new float[][] {out, dq, dk, dv};
    }

    /** Within 2^-6 of the largest magnitude: a few bf16 roundings (2^-9 each) summed over the row. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        float scale = 0f;
        for (float x : expected) {
            scale = Math.max(scale, Math.abs(x));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], scale / 64, what + "[" + i + "]");
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst > 0, what + ": bf16 inputs should move the result at least a little");
    }
}
