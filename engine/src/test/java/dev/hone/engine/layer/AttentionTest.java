package dev.hone.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** Causal grouped-query attention: gradients, causality and no attention across packed segments. */
class AttentionTest {
    private static final int B = 2;
    private static final int T = 5;
    private static final int NH = 4;
    private static final int KVH = 2;
    private static final int HS = 4;
    private final Random rng = new Random(7);
    private final int[] segments = {0, 0, 0, 1, 1, 3, 3, 3, 3, 3};
    private final float[] q = GradCheck.random(rng, B * T * NH * HS, 1f);
    private final float[] k = GradCheck.random(rng, B * T * KVH * HS, 1f);
    private final float[] v = GradCheck.random(rng, B * T * KVH * HS, 1f);
    private final float[] out = new float[B * T * NH * HS];
    private final float[] lse = new float[B * NH * T];

    private void forward() {
        Attention.forward(out, lse, q, k, v, segments, B, T, NH, KVH, HS);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        float[] g = GradCheck.random(rng, out.length, 1f);
        float[] dq = new float[q.length];
        float[] dk = new float[k.length];
        float[] dv = new float[v.length];
        forward();
        Attention.backward(dq, dk, dv, g, lse, q, k, v, segments, B, T, NH, KVH, HS);
        GradCheck.check("q", q, dq, () -> LayerGradientTest.run(this::forward, out, g));
        GradCheck.check("k", k, dk, () -> LayerGradientTest.run(this::forward, out, g));
        GradCheck.check("v", v, dv, () -> LayerGradientTest.run(this::forward, out, g));
    }

    @Test
    void tokenSeesNeitherTheFutureNorAnotherSegment() {
        forward();
        float[] before = out.clone();
        // token (b=0, t=3) starts segment 1: change its key/value, then everything of segment 0 must
        // stay the same, and so must batch row 1
        for (int i = 0; i < KVH * HS; i++) {
            k[3 * KVH * HS + i] += 1f;
            v[3 * KVH * HS + i] += 1f;
        }
        forward();
        for (int i = 0; i < 3 * NH * HS; i++) {
            assertEquals(before[i], out[i], 0f, "segment 0 output " + i);
        }
        for (int i = T * NH * HS; i < out.length; i++) {
            assertEquals(before[i], out[i], 0f, "batch row 1 output " + i);
        }
        assertNotEquals(before[4 * NH * HS], out[4 * NH * HS]);
    }

    @Test
    void firstTokenOfASegmentCopiesItsOwnValue() {
        forward();
        int t = 3;
        for (int h = 0; h < NH; h++) {
            int kvh = h / (NH / KVH);
            for (int i = 0; i < HS; i++) {
                assertEquals(v[(t * KVH + kvh) * HS + i], out[(t * NH + h) * HS + i], 1e-6f);
            }
        }
    }
}
