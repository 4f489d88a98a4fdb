package dev.hone.engine.kernel;

import java.util.Arrays;

/**
 * Fused causal scaled dot-product attention with grouped-query heads (query head h reads key/value
 * head h / (NH/KVH)) and packed-sequence masking (token t sees t2 ≤ t only within its own segment).
 * Flash-style: no (T, T) probability matrix is kept. The forward works in blocks of {@value #BLOCK}
 * query rows: scores S = Q·Kᵀ for the block's visible keys (columns up to the block's last row) go to
 * a per-thread (BLOCK, T) scratch, each row is softmaxed there, its log-sum-exp is saved, and
 * out = P·V. The backward recomputes the same score block, P = exp(S/√hs − lse), and from it
 * dP = dOut·Vᵀ, dS = P ⊙ (dP − Σ P⊙dP)/√hs, then dV += Pᵀ·dOut, dQ += dS·K, dK += dSᵀ·Q. Every
 * product is a {@link Gemm} call on strided views of q, k, v, out and the scratch. Memory per thread:
 * two (BLOCK, T) scratches; per layer the caller keeps only lse (B, NH, T).
 *
 * <p>Forward is parallel over (b, h); backward over (b, kvh), since every query head of a group writes
 * that key/value head's dk/dv. No two threads write one element and every sum runs in a fixed order
 * (dk, dv: query rows ascending, then heads of the group ascending), so results do not depend on the
 * thread count. Against {@link CausalAttentionReference} (which keeps the probabilities) results agree
 * within rounding: the softmax sums lanes in another order, and the backward rebuilds P from lse.
 * In {@link Precision#BF16 bf16} precision with oneDNN loaded (and no JFR), both directions go to
 * {@link AttentionNative} instead: other bits, deterministic for a fixed thread count. Each direction
 * decides on its own, so a forward and its backward must run under the same precision and backend (a
 * backward on the other path would rebuild P from an lse of other scores).
 * Scalar form ({@code -Dhone.kernels=scalar}): {@link CausalAttentionReference#fusedForward} /
 * {@link CausalAttentionReference#fusedBackward}. Reference: FlashAttention-2 (Dao, 2023), algorithm 1
 * and 2, with whole key rows per query block instead of the online rescaling (the row fits the
 * scratch); llm.c {@code attention_forward} / {@code attention_backward}.
 */
public final class CausalAttention {
    private static final int BLOCK = 64;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private CausalAttention() {
    }

    /**
     * out = softmax(q·kᵀ/√hs + mask) · v, saving each row's log-sum-exp for {@link #backward}.
     *
     * @param out      (B, T, NH, hs), overwritten
     * @param lse      (B, NH, T) log Σ exp of each row's scaled, masked scores, overwritten
     * @param q        (B, T, NH, hs)
     * @param k        (B, T, KVH, hs)
     * @param v        (B, T, KVH, hs)
     * @param segments (B, T) segment id per token; all equal for unpacked data
     */
    public static void forward(float[] out, float[] lse, float[] q, float[] k, float[] v, int[] segments,
                               int B, int T, int NH, int KVH, int hs) {
        checkShapes(q, k, v, B, T, NH, KVH, hs);
        if (lse.length < (long) B * NH * T || out.length < q.length || segments.length < B * T) {
            throw new IllegalArgumentException("attention expects lse (B, NH, T) = " + (long) B * NH * T
                + " floats, out like q = " + (long) B * T * NH * hs + ", segments (B, T) = " + B * T
                + "; found " + lse.length + ", " + out.length + ", " + segments.length);
        }
        if (AttentionNative.applies()) {
            AttentionNative.forward(out, lse, q, k, v, segments, B, T, NH, KVH, hs);
            return;
        }
        if (!Kernels.VECTOR) {
            CausalAttentionReference.fusedForward(out, lse, q, k, v, segments, B, T, NH, KVH, hs);
            return;
        }
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        Parallel.forRange(B * NH, unit -> {
            float[] s = scratch(T)[0];
            int b = unit / NH;
            int h = unit % NH;
            int qOff = (b * T * NH + h) * hs;
            int kvOff = (b * T * KVH + h / group) * hs;
            for (int t0 = 0; t0 < T; t0 += BLOCK) {
                int rows = Math.min(BLOCK, T - t0);
                int n = t0 + rows;
                // s[i, t2] = q_(t0+i) · k_t2 for t2 < n (the causal block; row stride n)
                Arrays.fill(s, 0, rows * n, 0f);
                Gemm.multiplyAdd(s, 0, n, q, qOff + t0 * NH * hs, NH * hs, 1,
                    k, kvOff, KVH * hs, Gemm.BLayout.TRANSPOSED, rows, n, hs, 1);
                for (int i = 0; i < rows; i++) {
                    int t = t0 + i;
                    lse[unit * T + t] = probabilityRow(s, i * n, n, segments, b * T, t, scale);
                    Arrays.fill(out, qOff + t * NH * hs, qOff + t * NH * hs + hs, 0f);
                }
                // out_t = Σ_t2 p[t, t2] · v_t2
                Gemm.multiplyAdd(out, qOff + t0 * NH * hs, NH * hs, s, 0, n, 1,
                    v, kvOff, KVH * hs, Gemm.BLayout.ROWS, rows, hs, n, 1);
            }
        });
    }

    /**
     * Accumulates the gradients of {@link #forward}: with p = exp(q·kᵀ/√hs − lse) (masked), dp = dout·vᵀ
     * and ds = p ⊙ (dp − Σ p ⊙ dp)/√hs: dv += pᵀ·dout, dq += ds·k, dk += dsᵀ·q.
     *
     * @param dq       (B, T, NH, hs), accumulated
     * @param dk       (B, T, KVH, hs), accumulated
     * @param dv       (B, T, KVH, hs), accumulated
     * @param dout     (B, T, NH, hs)
     * @param lse      (B, NH, T) from the forward on these q, k, v
     * @param segments (B, T) as in the forward
     */
    public static void backward(float[] dq, float[] dk, float[] dv, float[] dout, float[] lse, float[] q,
                                float[] k, float[] v, int[] segments, int B, int T, int NH, int KVH, int hs) {
        checkShapes(q, k, v, B, T, NH, KVH, hs);
        if (AttentionNative.applies()) {
            AttentionNative.backward(dq, dk, dv, dout, lse, q, k, v, segments, B, T, NH, KVH, hs);
            return;
        }
        if (!Kernels.VECTOR) {
            CausalAttentionReference.fusedBackward(dq, dk, dv, dout, lse, q, k, v, segments, B, T, NH, KVH, hs);
            return;
        }
        int group = NH / KVH;
        Parallel.forRange(B * KVH, unit -> {
            float[][] scratch = scratch(T);
            int b = unit / KVH;
            for (int h = (unit % KVH) * group; h < (unit % KVH + 1) * group; h++) {
                for (int t0 = 0; t0 < T; t0 += BLOCK) {
                    blockBackward(dq, dk, dv, dout, lse, q, k, v, segments, scratch[0], scratch[1], b, h, t0,
                        T, NH, KVH, hs);
                }
            }
        });
    }

    /** Backward of query rows [t0, t0 + BLOCK) of head h: p and ds live in the (rows, n) scratches. */
    private static void blockBackward(float[] dq, float[] dk, float[] dv, float[] dout, float[] lse, float[] q,
                                      float[] k, float[] v, int[] segments, float[] p, float[] ds, int b, int h,
                                      int t0, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int qOff = (b * T * NH + h) * hs;
        int kvOff = (b * T * KVH + h / (NH / KVH)) * hs;
        int rows = Math.min(BLOCK, T - t0);
        int n = t0 + rows;
        int blockQ = qOff + t0 * NH * hs;
        // p[i, t2] = exp(q_t · k_t2 / √hs − lse_t): the forward's scores, rebuilt
        Arrays.fill(p, 0, rows * n, 0f);
        Gemm.multiplyAdd(p, 0, n, q, blockQ, NH * hs, 1, k, kvOff, KVH * hs, Gemm.BLayout.TRANSPOSED, rows, n, hs, 1);
        // dp[i, t2] = dout_t · v_t2
        Arrays.fill(ds, 0, rows * n, 0f);
        Gemm.multiplyAdd(ds, 0, n, dout, blockQ, NH * hs, 1, v, kvOff, KVH * hs, Gemm.BLayout.TRANSPOSED,
            rows, n, hs, 1);
        int l0 = (b * NH + h) * T;
        for (int i = 0; i < rows; i++) {
            int t = t0 + i;
            gradientRow(p, ds, i * n, n, segments, b * T, t, lse[l0 + t], scale);
        }
        // dv_t2 += Σ_t p[t, t2] · dout_t (A = pᵀ, read column-wise), t ascending
        Gemm.multiplyAdd(dv, kvOff, KVH * hs, p, 0, 1, n, dout, blockQ, NH * hs, Gemm.BLayout.ROWS, n, hs, rows, 1);
        // dq_t += Σ_t2 ds[t, t2] · k_t2
        Gemm.multiplyAdd(dq, blockQ, NH * hs, ds, 0, n, 1, k, kvOff, KVH * hs, Gemm.BLayout.ROWS, rows, hs, n, 1);
        // dk_t2 += Σ_t ds[t, t2] · q_t (A = dsᵀ), t ascending
        Gemm.multiplyAdd(dk, kvOff, KVH * hs, ds, 0, 1, n, q, blockQ, NH * hs, Gemm.BLayout.ROWS, n, hs, rows, 1);
    }

    /**
     * Scores of query t at x[row .. row+n) (columns t2 &lt; n) into probabilities: masked and scaled, softmax
     * over t2 ≤ t, zeros after t. Returns the row's log-sum-exp.
     */
    private static float probabilityRow(float[] x, int row, int n, int[] segments, int s0, int t, float scale) {
        maskAndScale(x, row, segments, s0, t, scale);
        float lse = VectorOps.softmax(x, row, t + 1);
        Arrays.fill(x, row + t + 1, row + n, 0f);
        return lse;
    }

    /**
     * One row of the backward: p (scores of query t) becomes exp(scale·masked score − lse), and ds (dp on
     * entry) becomes p ⊙ (dp − Σ p⊙dp)·scale, the sum an fma chain in t2 order; both zero after t.
     */
    private static void gradientRow(float[] p, float[] ds, int row, int n, int[] segments, int s0, int t, float lse,
                            float scale) {
        maskAndScale(p, row, segments, s0, t, scale);
        VectorOps.scaledExp(p, row, p, row, t + 1, lse, 1f);
        float sum = 0f;
        for (int t2 = 0; t2 <= t; t2++) {
            sum = Math.fma(p[row + t2], ds[row + t2], sum);
        }
        for (int t2 = 0; t2 <= t; t2++) {
            ds[row + t2] = p[row + t2] * (ds[row + t2] - sum) * scale;
        }
        Arrays.fill(p, row + t + 1, row + n, 0f);
        Arrays.fill(ds, row + t + 1, row + n, 0f);
    }

    /** x[row + t2] = score · scale where t2 ≤ t shares t's segment, else −∞. */
    private static void maskAndScale(float[] x, int row, int[] segments, int s0, int t, float scale) {
        int seg = segments[s0 + t];
        for (int t2 = 0; t2 <= t; t2++) {
            x[row + t2] = segments[s0 + t2] == seg ? x[row + t2] * scale : Float.NEGATIVE_INFINITY;
        }
    }

    /** This thread's two (BLOCK, T) scratches, grown once per larger T and then reused. */
    private static float[][] scratch(int T) {
        float[][] s = SCRATCH.get();
        int size = Math.min(BLOCK, T) * T;
        if (s[0].length < size) {
            s = new float[][] {new float[size], new float[size]};
            SCRATCH.set(s);
        }
        return s;
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
}
