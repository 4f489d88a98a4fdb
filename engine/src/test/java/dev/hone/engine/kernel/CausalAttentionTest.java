package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/** CausalAttention against its reference, finite differences, masking and packing. */
class CausalAttentionTest {
    private static final int B = 2;
    private static final int T = 7;
    private static final int NH = 4;
    private static final int KVH = 2;
    private static final int HS = 20;
    private static final int[] SEGMENTS = {0, 0, 0, 1, 1, 2, 2, 5, 5, 5, 5, 5, 5, 5};

    private static float[] random(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * (1 + Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @Test
    void vectorKernelMatchesTheReferenceForwardAndBackward() {
        Random rng = new Random(31);
        float[] q = random(rng, B * T * NH * HS);
        float[] k = random(rng, B * T * KVH * HS);
        float[] v = random(rng, B * T * KVH * HS);
        float[] dout = random(rng, B * T * NH * HS);
        float[] out1 = new float[q.length];
        float[] att1 = new float[B * NH * T * T];
        float[] out2 = new float[q.length];
        float[] att2 = new float[B * NH * T * T];
        CausalAttentionReference.forward(out1, att1, q, k, v, SEGMENTS, B, T, NH, KVH, HS);
        CausalAttention.forward(out2, att2, q, k, v, SEGMENTS, B, T, NH, KVH, HS);
        assertClose(out1, out2, "out");
        assertClose(att1, att2, "att");
        float[][] ref = {random(rng, q.length), random(rng, k.length), random(rng, v.length)};
        float[][] vec = {ref[0].clone(), ref[1].clone(), ref[2].clone()};
        CausalAttentionReference.backward(ref[0], ref[1], ref[2], dout, att1, q, k, v, B, T, NH, KVH, HS);
        CausalAttention.backward(vec[0], vec[1], vec[2], dout, att1, q, k, v, B, T, NH, KVH, HS);
        assertArrayEquals(ref[0], vec[0], "dq: same probabilities in, same bits out");
        assertArrayEquals(ref[1], vec[1], "dk");
        assertArrayEquals(ref[2], vec[2], "dv");
        float[] again = new float[q.length];
        CausalAttention.forward(again, new float[att2.length], q, k, v, SEGMENTS, B, T, NH, KVH, HS);
        assertArrayEquals(out2, again, "deterministic");
    }

    @Test
    void vectorMatchesReferenceAcrossRowBlocksAndSegments() {
        int t = 70;
        int nh = 3;
        int hs = 17;
        int[] segments = new int[t];
        for (int i = 0; i < t; i++) {
            segments[i] = i < 30 ? 0 : i < 66 ? 1 : 2;
        }
        Random rng = new Random(35);
        float[] q = random(rng, t * nh * hs);
        float[] k = random(rng, t * hs);
        float[] v = random(rng, t * hs);
        float[] dout = random(rng, t * nh * hs);
        float[] out1 = new float[q.length];
        float[] att1 = new float[nh * t * t];
        float[] out2 = new float[q.length];
        float[] att2 = new float[nh * t * t];
        CausalAttentionReference.forward(out1, att1, q, k, v, segments, 1, t, nh, 1, hs);
        CausalAttention.forward(out2, att2, q, k, v, segments, 1, t, nh, 1, hs);
        assertClose(out1, out2, "out");
        assertClose(att1, att2, "att");
        float[][] ref = {random(rng, q.length), random(rng, k.length), random(rng, v.length)};
        float[][] vec = {ref[0].clone(), ref[1].clone(), ref[2].clone()};
        CausalAttentionReference.backward(ref[0], ref[1], ref[2], dout, att1, q, k, v, 1, t, nh, 1, hs);
        CausalAttention.backward(vec[0], vec[1], vec[2], dout, att1, q, k, v, 1, t, nh, 1, hs);
        assertArrayEquals(ref[0], vec[0], "dq");
        assertArrayEquals(ref[1], vec[1], "dk");
        assertArrayEquals(ref[2], vec[2], "dv");
    }

    @Test
    void probabilitiesAreCausalSegmentLocalAndNormalised() {
        Random rng = new Random(32);
        float[] att = new float[B * NH * T * T];
        CausalAttention.forward(new float[B * T * NH * HS], att, random(rng, B * T * NH * HS),
            random(rng, B * T * KVH * HS), random(rng, B * T * KVH * HS), SEGMENTS, B, T, NH, KVH, HS);
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                for (int t = 0; t < T; t++) {
                    double sum = 0;
                    for (int t2 = 0; t2 < T; t2++) {
                        float p = att[((b * NH + h) * T + t) * T + t2];
                        boolean visible = t2 <= t && SEGMENTS[b * T + t2] == SEGMENTS[b * T + t];
                        if (!visible) {
                            assertEquals(0f, p, "masked b=" + b + " t=" + t + " t2=" + t2);
                        }
                        sum += p;
                    }
                    assertEquals(1.0, sum, 1e-6);
                }
            }
        }
    }

    @Test
    void aPackedSegmentGivesTheSameOutputAsThatSequenceAlone() {
        Random rng = new Random(33);
        float[] q = random(rng, T * NH * HS);
        float[] k = random(rng, T * KVH * HS);
        float[] v = random(rng, T * KVH * HS);
        float[] packed = new float[q.length];
        CausalAttention.forward(packed, new float[NH * T * T], q, k, v, SEGMENTS, 1, T, NH, KVH, HS);
        int start = 3;
        int len = 2; // segment 1 = tokens 3..4
        float[] alone = new float[len * NH * HS];
        CausalAttention.forward(alone, new float[NH * len * len],
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
        float[][] inputs = {random(rng, t * nh * hs), random(rng, t * kvh * hs), random(rng, t * kvh * hs)};
        float[] w = random(rng, t * nh * hs);
        float[] att = new float[nh * t * t];
        float[] out = new float[t * nh * hs];
        CausalAttentionReference.forward(out, att, inputs[0], inputs[1], inputs[2], segments, 1, t, nh, kvh, hs);
        float[][] grads = {new float[inputs[0].length], new float[inputs[1].length], new float[inputs[2].length]};
        CausalAttention.backward(grads[0], grads[1], grads[2], w, att, inputs[0], inputs[1], inputs[2],
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
