package dev.hone.engine.kernel;

import java.util.Arrays;

/**
 * Causal scaled dot-product attention with grouped-query heads (query head h reads key/value head
 * h / (NH/KVH)) and packed-sequence masking (token t sees t2 ≤ t only within its own segment). Per
 * (batch, head) the three products are {@link Gemm} calls on strided views of q, k, v, out: scores =
 * Q·Kᵀ, out = P·V, and in backward dV += Pᵀ·dOut, dP = dOut·Vᵀ, dQ += dS·K, dK += dSᵀ·Q, each in
 * blocks of {@value #BLOCK} query rows that stop at the diagonal (zeros above it are skipped, which
 * changes no bit). Forward is parallel over (b, h); backward over (b, kvh), since every query head of
 * a group writes that key/value head's dk/dv: no two threads write one element and sums run in a fixed
 * order, so results do not depend on the thread count. Backward equals the reference bitwise; forward
 * differs only by the softmax sum order. Keeps the (B, NH, T, T) probabilities for backward (a
 * flash-style recomputing variant would drop that cache; not done). Reference: llm.c
 * {@code attention_forward} / {@code attention_backward}; {@link CausalAttentionReference}.
 */
public final class CausalAttention {
    private static final int BLOCK = 64;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

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
        checkShapes(q, k, v, B, T, NH, KVH, hs);
        if (att.length < (long) B * NH * T * T || out.length < q.length || segments.length < B * T) {
            throw new IllegalArgumentException("attention expects att (B, NH, T, T) = " + (long) B * NH * T * T
                + " floats, out like q = " + (long) B * T * NH * hs + ", segments (B, T) = " + B * T
                + "; found " + att.length + ", " + out.length + ", " + segments.length);
        }
        if (!Kernels.VECTOR) {
            CausalAttentionReference.forward(out, att, q, k, v, segments, B, T, NH, KVH, hs);
            return;
        }
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        Parallel.forRange(B * NH, unit -> {
            int b = unit / NH;
            int h = unit % NH;
            int qOff = (b * T * NH + h) * hs;
            int kvOff = (b * T * KVH + h / group) * hs;
            int a0 = unit * T * T;
            Arrays.fill(att, a0, a0 + T * T, 0f);
            for (int t0 = 0; t0 < T; t0 += BLOCK) {
                int rows = Math.min(BLOCK, T - t0);
                // att[t, t2] = q_t · k_t2 for t2 < t0 + rows (the causal block; the rest stays 0)
                Gemm.multiplyAdd(att, a0 + t0 * T, T, q, qOff + t0 * NH * hs, NH * hs, 1,
                    k, kvOff, KVH * hs, Gemm.BLayout.TRANSPOSED, rows, t0 + rows, hs, 1);
            }
            for (int t = 0; t < T; t++) {
                int row = a0 + t * T;
                int seg = segments[b * T + t];
                for (int t2 = 0; t2 <= t; t2++) {
                    att[row + t2] = segments[b * T + t2] == seg ? att[row + t2] * scale : Float.NEGATIVE_INFINITY;
                }
                VectorOps.softmax(att, row, t + 1);
                Arrays.fill(att, row + t + 1, row + T, 0f);
                Arrays.fill(out, qOff + t * NH * hs, qOff + t * NH * hs + hs, 0f);
            }
            for (int t0 = 0; t0 < T; t0 += BLOCK) {
                int rows = Math.min(BLOCK, T - t0);
                // out_t = Σ_t2 att[t, t2] · v_t2
                Gemm.multiplyAdd(out, qOff + t0 * NH * hs, NH * hs, att, a0 + t0 * T, T, 1,
                    v, kvOff, KVH * hs, Gemm.BLayout.ROWS, rows, hs, t0 + rows, 1);
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
        checkShapes(q, k, v, B, T, NH, KVH, hs);
        if (!Kernels.VECTOR) {
            CausalAttentionReference.backward(dq, dk, dv, dout, att, q, k, v, B, T, NH, KVH, hs);
            return;
        }
        int group = NH / KVH;
        Parallel.forRange(B * KVH, unit -> {
            float[] dpre = SCRATCH.get();
            if (dpre.length < T * T) {
                dpre = new float[T * T];
                SCRATCH.set(dpre);
            }
            int b = unit / KVH;
            for (int h = (unit % KVH) * group; h < (unit % KVH + 1) * group; h++) {
                headBackward(dq, dk, dv, dout, att, q, k, v, dpre, b, h, T, NH, KVH, hs);
            }
        });
    }

    private static void checkShapes(float[] q, float[] k, float[] v, int B, int T, int NH, int KVH, int hs) {
        if (KVH < 1 || NH % KVH != 0) {
            throw new IllegalArgumentException("attention expects NH to be a multiple of KVH (grouped-query "
                + "heads); found NH=" + NH + ", KVH=" + KVH + "; check num_key_value_heads in config.json");
        }
        if (q.length < (long) B * T * NH * hs || k.length < (long) B * T * KVH * hs
            || v.length < (long) B * T * KVH * hs) {
            throw new IllegalArgumentException("attention expects q (B, T, NH, hs) = " + (long) B * T * NH * hs
                + " floats and k, v (B, T, KVH, hs) = " + (long) B * T * KVH * hs + "; found " + q.length + ", "
                + k.length + ", " + v.length);
        }
    }

    private static void headBackward(float[] dq, float[] dk, float[] dv, float[] dout, float[] att, float[] q,
                                     float[] k, float[] v, float[] dpre, int b, int h, int T, int NH, int KVH,
                                     int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int qOff = (b * T * NH + h) * hs;
        int kvOff = (b * T * KVH + h / (NH / KVH)) * hs;
        int a0 = (b * NH + h) * T * T;
        // dv_t2 += Σ_t att[t, t2] · dout_t (A = attᵀ, read column-wise), t ascending
        Gemm.multiplyAdd(dv, kvOff, KVH * hs, att, a0, 1, T, dout, qOff, NH * hs, Gemm.BLayout.ROWS,
            T, hs, T, 1);
        Arrays.fill(dpre, 0, T * T, 0f);
        for (int t0 = 0; t0 < T; t0 += BLOCK) {
            int rows = Math.min(BLOCK, T - t0);
            // datt[t, t2] = dout_t · v_t2 for t2 < t0 + rows
            Gemm.multiplyAdd(dpre, t0 * T, T, dout, qOff + t0 * NH * hs, NH * hs, 1,
                v, kvOff, KVH * hs, Gemm.BLayout.TRANSPOSED, rows, t0 + rows, hs, 1);
        }
        for (int t = 0; t < T; t++) {
            int row = a0 + t * T;
            float sum = 0f;
            for (int t2 = 0; t2 <= t; t2++) {
                sum = Math.fma(att[row + t2], dpre[t * T + t2], sum);
            }
            for (int t2 = 0; t2 <= t; t2++) {
                dpre[t * T + t2] = att[row + t2] * (dpre[t * T + t2] - sum) * scale;
            }
            Arrays.fill(dpre, t * T + t + 1, (t + 1) * T, 0f);
        }
        for (int t0 = 0; t0 < T; t0 += BLOCK) {
            int rows = Math.min(BLOCK, T - t0);
            // dq_t += Σ_t2 dpre[t, t2] · k_t2
            Gemm.multiplyAdd(dq, qOff + t0 * NH * hs, NH * hs, dpre, t0 * T, T, 1,
                k, kvOff, KVH * hs, Gemm.BLayout.ROWS, rows, hs, t0 + rows, 1);
        }
        // dk_t2 += Σ_t dpre[t, t2] · q_t (A = dpreᵀ, read column-wise), t ascending
        Gemm.multiplyAdd(dk, kvOff, KVH * hs, dpre, 0, 1, T, q, qOff, NH * hs, Gemm.BLayout.ROWS, T, hs, T, 1);
    }
}
