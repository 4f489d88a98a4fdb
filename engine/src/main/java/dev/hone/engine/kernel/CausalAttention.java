package dev.hone.engine.kernel;

import java.util.Arrays;

/**
 * Causal scaled dot-product attention with grouped-query heads (query head h reads key/value head
 * h / (NH/KVH)) and packed-sequence masking (token t sees t2 ≤ t only within its own segment): for
 * each query row, scores q·k·(1/√hs), softmax ({@link FastExp}) and the weighted sum of v in one
 * pass over the row, on Vector API row primitives ({@link VectorOps}). Forward is parallel over
 * (b, h); backward over (b, kvh), since every query head of a group and every t write that key/value
 * head's dk/dv rows: no two threads write one element, and each element's sums run in a fixed order,
 * so results do not depend on the thread count. Keeps the (B, NH, T, T) probabilities for backward
 * (a flash-style recomputing variant would drop that cache; not done). Masked probabilities are
 * exactly 0. Same contract as the layer-level attention of llm.c {@code attention_forward}.
 */
public final class CausalAttention {
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private CausalAttention() {
    }

    /**
     * @param out      (B, T, NH, hs), overwritten
     * @param att      (B, NH, T, T) softmax probabilities, overwritten (0 where masked or t2 &gt; t)
     * @param q        (B, T, NH, hs)
     * @param k        (B, T, KVH, hs)
     * @param v        (B, T, KVH, hs)
     * @param segments (B, T) segment id per token; all equal for unpacked data
     */
    public static void forward(float[] out, float[] att, float[] q, float[] k, float[] v, int[] segments,
                               int B, int T, int NH, int KVH, int hs) {
        if (!Kernels.VECTOR) {
            CausalAttentionReference.forward(out, att, q, k, v, segments, B, T, NH, KVH, hs);
            return;
        }
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        Parallel.forRange(B * NH, unit -> {
            int b = unit / NH;
            int h = unit % NH;
            for (int t = 0; t < T; t++) {
                int qo = ((b * T + t) * NH + h) * hs;
                int row = ((b * NH + h) * T + t) * T;
                int seg = segments[b * T + t];
                for (int t2 = 0; t2 <= t; t2++) {
                    int ko = ((b * T + t2) * KVH + h / group) * hs;
                    att[row + t2] = segments[b * T + t2] == seg
                        ? VectorOps.dot(q, qo, k, ko, hs) * scale : Float.NEGATIVE_INFINITY;
                }
                VectorOps.softmax(att, row, t + 1);
                Arrays.fill(att, row + t + 1, row + T, 0f);
                Arrays.fill(out, qo, qo + hs, 0f);
                for (int t2 = 0; t2 <= t; t2++) {
                    float p = att[row + t2];
                    if (p != 0f) {
                        VectorOps.axpy(p, v, ((b * T + t2) * KVH + h / group) * hs, out, qo, hs);
                    }
                }
            }
        });
    }

    /**
     * Accumulates the gradients of {@link #forward}: with datt = dout·vᵀ and
     * dpre = att ⊙ (datt − Σ att ⊙ datt)·(1/√hs): dv += attᵀ·dout, dq += dpre·k, dk += dpreᵀ·q.
     *
     * @param dq   (B, T, NH, hs), accumulated
     * @param dk   (B, T, KVH, hs), accumulated
     * @param dv   (B, T, KVH, hs), accumulated
     * @param dout (B, T, NH, hs)
     * @param att  (B, NH, T, T) from forward
     */
    public static void backward(float[] dq, float[] dk, float[] dv, float[] dout, float[] att,
                                float[] q, float[] k, float[] v, int B, int T, int NH, int KVH, int hs) {
        if (!Kernels.VECTOR) {
            CausalAttentionReference.backward(dq, dk, dv, dout, att, q, k, v, B, T, NH, KVH, hs);
            return;
        }
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        Parallel.forRange(B * KVH, unit -> {
            int b = unit / KVH;
            int kvh = unit % KVH;
            float[] datt = ROW.get();
            if (datt.length < T) {
                datt = new float[T];
                ROW.set(datt);
            }
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                for (int t = 0; t < T; t++) {
                    int qo = ((b * T + t) * NH + h) * hs;
                    int row = ((b * NH + h) * T + t) * T;
                    float sum = 0f;
                    for (int t2 = 0; t2 <= t; t2++) {
                        float p = att[row + t2];
                        int vo = ((b * T + t2) * KVH + kvh) * hs;
                        datt[t2] = VectorOps.dot(dout, qo, v, vo, hs);
                        if (p != 0f) {
                            VectorOps.axpy(p, dout, qo, dv, vo, hs);
                        }
                        sum = Math.fma(p, datt[t2], sum);
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        float dpre = att[row + t2] * (datt[t2] - sum) * scale;
                        if (dpre != 0f) {
                            int ko = ((b * T + t2) * KVH + kvh) * hs;
                            VectorOps.axpy(dpre, k, ko, dq, qo, hs);
                            VectorOps.axpy(dpre, q, qo, dk, ko, hs);
                        }
                    }
                }
            }
        });
    }
}
