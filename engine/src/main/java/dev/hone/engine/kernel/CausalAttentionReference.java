package dev.hone.engine.kernel;

/**
 * Scalar references of {@link CausalAttention}: causal scaled dot-product attention with grouped-query
 * heads and packed-segment masking, in plain loops. {@link #forward} / {@link #backward} are the spec:
 * they keep the (B, NH, T, T) probabilities, as llm.c does. {@link #fusedForward} / {@link #fusedBackward}
 * are the same arithmetic as the fused vector kernel (only lse is kept; the backward rebuilds the
 * probabilities row by row) and run under {@code -Dhone.kernels=scalar}; given the same lse, the fused
 * vector backward equals {@link #fusedBackward} bitwise. Not fast: one (T) row scratch per call.
 * Reference: llm.c {@code attention_forward} / {@code attention_backward}.
 */
public final class CausalAttentionReference {
    private CausalAttentionReference() {
    }

    /** Same contract as {@link CausalAttention#forward}. */
    public static void forward(float[] out, float[] att, float[] q, float[] k, float[] v, int[] segments,
                               int B, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                for (int t = 0; t < T; t++) {
                    int qo = ((b * T + t) * NH + h) * hs;
                    int row = ((b * NH + h) * T + t) * T;
                    for (int t2 = 0; t2 < T; t2++) {
                        boolean visible = t2 <= t && segments[b * T + t2] == segments[b * T + t];
                        int ko = ((b * T + t2) * KVH + h / group) * hs;
                        att[row + t2] = visible
                            ? VectorOpsReference.dot(q, qo, k, ko, hs) * scale : Float.NEGATIVE_INFINITY;
                    }
                    VectorOpsReference.softmax(att, row, t + 1);
                    for (int t2 = t + 1; t2 < T; t2++) {
                        att[row + t2] = 0f;
                    }
                    for (int i = 0; i < hs; i++) {
                        out[qo + i] = 0f;
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        int vo = ((b * T + t2) * KVH + h / group) * hs;
                        VectorOpsReference.axpy(att[row + t2], v, vo, out, qo, hs);
                    }
                }
            }
        }
    }

    /** Same contract as {@link CausalAttention#backward}. */
    public static void backward(float[] dq, float[] dk, float[] dv, float[] dout, float[] att,
                                float[] q, float[] k, float[] v, int B, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        float[] datt = new float[T];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                for (int t = 0; t < T; t++) {
                    int qo = ((b * T + t) * NH + h) * hs;
                    int row = ((b * NH + h) * T + t) * T;
                    float sum = 0f;
                    for (int t2 = 0; t2 <= t; t2++) {
                        int vo = ((b * T + t2) * KVH + h / group) * hs;
                        datt[t2] = VectorOpsReference.dot(dout, qo, v, vo, hs);
                        VectorOpsReference.axpy(att[row + t2], dout, qo, dv, vo, hs);
                        sum = Math.fma(att[row + t2], datt[t2], sum);
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        float dpre = att[row + t2] * (datt[t2] - sum) * scale;
                        int ko = ((b * T + t2) * KVH + h / group) * hs;
                        VectorOpsReference.axpy(dpre, k, ko, dq, qo, hs);
                        VectorOpsReference.axpy(dpre, q, qo, dk, ko, hs);
                    }
                }
            }
        }
    }

    /** Same contract as {@link CausalAttention#forward}: keeps only lse (B, NH, T). */
    public static void fusedForward(float[] out, float[] lse, float[] q, float[] k, float[] v, int[] segments,
                                    int B, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        float[] p = new float[T];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                for (int t = 0; t < T; t++) {
                    int qo = ((b * T + t) * NH + h) * hs;
                    for (int t2 = 0; t2 <= t; t2++) {
                        int ko = ((b * T + t2) * KVH + h / group) * hs;
                        p[t2] = segments[b * T + t2] == segments[b * T + t]
                            ? VectorOpsReference.dot(q, qo, k, ko, hs) * scale : Float.NEGATIVE_INFINITY;
                    }
                    lse[(b * NH + h) * T + t] = VectorOpsReference.softmax(p, 0, t + 1);
                    for (int i = 0; i < hs; i++) {
                        out[qo + i] = 0f;
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        int vo = ((b * T + t2) * KVH + h / group) * hs;
                        VectorOpsReference.axpy(p[t2], v, vo, out, qo, hs);
                    }
                }
            }
        }
    }

    /** Same contract as {@link CausalAttention#backward}: p = exp(q·k/√hs − lse), rebuilt per row. */
    public static void fusedBackward(float[] dq, float[] dk, float[] dv, float[] dout, float[] lse, float[] q,
                                     float[] k, float[] v, int[] segments, int B, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        float[] p = new float[T];
        float[] dp = new float[T];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                for (int t = 0; t < T; t++) {
                    int qo = ((b * T + t) * NH + h) * hs;
                    float m = lse[(b * NH + h) * T + t];
                    float sum = 0f;
                    for (int t2 = 0; t2 <= t; t2++) {
                        int ko = ((b * T + t2) * KVH + h / group) * hs;
                        float x = segments[b * T + t2] == segments[b * T + t]
                            ? VectorOpsReference.dot(q, qo, k, ko, hs) * scale : Float.NEGATIVE_INFINITY;
                        p[t2] = FastExp.exp(x - m);
                        dp[t2] = VectorOpsReference.dot(dout, qo, v, ko, hs);
                        sum = Math.fma(p[t2], dp[t2], sum);
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        int ko = ((b * T + t2) * KVH + h / group) * hs;
                        float ds = p[t2] * (dp[t2] - sum) * scale;
                        VectorOpsReference.axpy(p[t2], dout, qo, dv, ko, hs);
                        VectorOpsReference.axpy(ds, k, ko, dq, qo, hs);
                        VectorOpsReference.axpy(ds, q, qo, dk, ko, hs);
                    }
                }
            }
        }
    }
}
