package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.layer.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/**
 * The fused CausalAttention against the probability-keeping spec {@link CausalAttentionReference#forward}
 * / {@link CausalAttentionReference#backward} (tolerance 1e-5 · (1 + |x|) on out and grads: the fused
 * backward rebuilds the probabilities from lse, which moves them by a few ulps), against its own scalar
 * form (the backward bitwise), against finite differences, and for masking and packing.
 */
class CausalAttentionTest {
    private static final int B = 2;
    private static final int T = 7;
    private static final int NH = 4;
    private static final int KVH = 2;
    private static final int HS = 20;
    private static final int[] SEGMENTS = {0, 0, 0, 1, 1, 2, 2, 5, 5, 5, 5, 5, 5, 5};
    private static final float TOLERANCE = 1e-5f;


    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE * (1 + Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @Test
    void fusedKernelMatchesTheSpecWithGroupedHeadsAndSegments() {
        checkAgainstSpec(new Random(31), SEGMENTS, B, T, NH, KVH, HS);
    }

    @Test
    void fusedKernelMatchesTheSpecAcrossQueryBlocks() {
        int t = 150;
        int[] segments = new int[t];
        for (int i = 0; i < t; i++) {
            segments[i] = i < 30 ? 0 : i < 130 ? 1 : 2;
        }
        checkAgainstSpec(new Random(35), segments, 1, t, 3, 1, 17);
    }

    /** Fused vs spec (within tolerance), fused vector vs fused scalar (backward bitwise), determinism. */
    private static void checkAgainstSpec(Random rng, int[] segments, int b, int t, int nh, int kvh, int hs) {
        float[] q = GradCheck.random(rng, b * t * nh * hs, 1f);
        float[] k = GradCheck.random(rng, b * t * kvh * hs, 1f);
        float[] v = GradCheck.random(rng, b * t * kvh * hs, 1f);
        float[] dout = GradCheck.random(rng, q.length, 1f);
        float[] specOut = new float[q.length];
        float[] att = new float[b * nh * t * t];
        CausalAttentionReference.forward(specOut, att, q, k, v, segments, b, t, nh, kvh, hs);
        float[] out = new float[q.length];
        float[] lse = new float[b * nh * t];
        CausalAttention.forward(out, lse, q, k, v, segments, b, t, nh, kvh, hs);
        assertClose(specOut, out, "out");
        assertClose(logSumExp(q, k, segments, b, t, nh, kvh, hs), lse, "lse");
        float[] scalarOut = new float[q.length];
        float[] scalarLse = new float[lse.length];
        CausalAttentionReference.fusedForward(scalarOut, scalarLse, q, k, v, segments, b, t, nh, kvh, hs);
        assertClose(scalarOut, out, "out vs fused scalar");

        float[][] spec = {GradCheck.random(rng, q.length, 1f), GradCheck.random(rng, k.length, 1f), GradCheck.random(rng, v.length, 1f)};
        float[][] fused = {spec[0].clone(), spec[1].clone(), spec[2].clone()};
        float[][] scalar = {spec[0].clone(), spec[1].clone(), spec[2].clone()};
        CausalAttentionReference.backward(spec[0], spec[1], spec[2], dout, att, q, k, v, b, t, nh, kvh, hs);
        CausalAttention.backward(fused[0], fused[1], fused[2], dout, lse, q, k, v, segments, b, t, nh, kvh, hs);
        CausalAttentionReference.fusedBackward(scalar[0], scalar[1], scalar[2], dout, lse, q, k, v, segments,
            b, t, nh, kvh, hs);
        String[] names = {"dq", "dk", "dv"};
        for (int i = 0; i < 3; i++) {
            assertClose(spec[i], fused[i], names[i]);
            assertArrayEquals(scalar[i], fused[i], names[i] + ": same lse in, same bits out as the scalar form");
        }
        float[] again = new float[q.length];
        CausalAttention.forward(again, new float[lse.length], q, k, v, segments, b, t, nh, kvh, hs);
        assertArrayEquals(out, again, "deterministic");
    }

    /** log Σ exp(q_t·k_t2/√hs) over the visible t2, in double: an independent check of lse and the mask. */
    private static float[] logSumExp(float[] q, float[] k, int[] segments, int b, int t, int nh, int kvh, int hs) {
        float[] lse = new float[b * nh * t];
        for (int bb = 0; bb < b; bb++) {
            for (int h = 0; h < nh; h++) {
                for (int i = 0; i < t; i++) {
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        if (segments[bb * t + j] != segments[bb * t + i]) {
                            continue;
                        }
                        double dot = 0;
                        for (int x = 0; x < hs; x++) {
                            dot += (double) q[((bb * t + i) * nh + h) * hs + x] * k[((bb * t + j) * kvh + h / (nh / kvh)) * hs + x];
                        }
                        sum += Math.exp(dot / Math.sqrt(hs));
                    }
                    lse[(bb * nh + h) * t + i] = (float) Math.log(sum);
                }
            }
        }
        return lse;
    }

    @Test
    void aPackedSegmentGivesTheSameOutputAsThatSequenceAlone() {
        Random rng = new Random(33);
        float[] q = GradCheck.random(rng, T * NH * HS, 1f);
        float[] k = GradCheck.random(rng, T * KVH * HS, 1f);
        float[] v = GradCheck.random(rng, T * KVH * HS, 1f);
        float[] packed = new float[q.length];
        CausalAttention.forward(packed, new float[NH * T], q, k, v, SEGMENTS, 1, T, NH, KVH, HS);
        int start = 3;
        int len = 2; // segment 1 = tokens 3..4
        float[] alone = new float[len * NH * HS];
        CausalAttention.forward(alone, new float[NH * len],
            Arrays.copyOfRange(q, start * NH * HS, (start + len) * NH * HS),
            Arrays.copyOfRange(k, start * KVH * HS, (start + len) * KVH * HS),
            Arrays.copyOfRange(v, start * KVH * HS, (start + len) * KVH * HS), new int[len], 1, len, NH, KVH, HS);
        assertArrayEquals(alone, Arrays.copyOfRange(packed, start * NH * HS, (start + len) * NH * HS));
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        int t = 4;
        int nh = 2;
        int kvh = 1;
        int hs = 3;
        int[] segments = {0, 0, 1, 1};
        Random rng = new Random(34);
        float[][] inputs = {GradCheck.random(rng, t * nh * hs, 1f), GradCheck.random(rng, t * kvh * hs, 1f), GradCheck.random(rng, t * kvh * hs, 1f)};
        float[] w = GradCheck.random(rng, t * nh * hs, 1f);
        float[] lse = new float[nh * t];
        CausalAttention.forward(new float[t * nh * hs], lse, inputs[0], inputs[1], inputs[2], segments, 1, t, nh,
            kvh, hs);
        float[][] grads = {new float[inputs[0].length], new float[inputs[1].length], new float[inputs[2].length]};
        CausalAttention.backward(grads[0], grads[1], grads[2], w, lse, inputs[0], inputs[1], inputs[2], segments,
            1, t, nh, kvh, hs);
        float h = 1e-2f;
        for (int which = 0; which < 3; which++) {
            for (int i = 0; i < inputs[which].length; i++) {
                float saved = inputs[which][i];
                inputs[which][i] = saved + h;
                double up = loss(inputs, w, segments, t, nh, kvh, hs);
                inputs[which][i] = saved - h;
                double down = loss(inputs, w, segments, t, nh, kvh, hs);
                inputs[which][i] = saved;
                assertEquals((up - down) / (2 * h), grads[which][i], 2e-3, "input " + which + "[" + i + "]");
            }
        }
    }

    private static double loss(float[][] in, float[] w, int[] segments, int t, int nh, int kvh, int hs) {
        float[] out = new float[t * nh * hs];
        CausalAttentionReference.forward(out, new float[nh * t * t], in[0], in[1], in[2], segments, 1, t, nh, kvh, hs);
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += (double) out[i] * w[i];
        }
        return sum;
    }

    @Test
    void headCountsThatDoNotGroupAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CausalAttention.forward(new float[24], new float[12], new float[24], new float[8], new float[8],
                new int[2], 1, 2, 3, 2, 4));
        assertTrue(e.getMessage().contains("NH=3, KVH=2"), e.getMessage());
    }
}
