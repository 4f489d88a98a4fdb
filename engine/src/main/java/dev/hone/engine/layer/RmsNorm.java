package dev.hone.engine.layer;

import dev.hone.engine.kernel.Parallel;
import dev.hone.engine.kernel.VectorOps;

/**
 * RMSNorm over the last dimension: out = inp · rstd · weight with rstd = 1/sqrt(mean(inp²) + eps).
 * No bias and no mean subtraction (that is {@link LayerNorm}). Also used per head (N = BT·NH, C = hs)
 * for Qwen3's q/k norms. Reference: HF {@code LlamaRMSNorm}; llm.c layernorm layout.
 */
public final class RmsNorm {
    private RmsNorm() {
    }

    /**
     * @param out    (N, C), overwritten
     * @param rstd   (N) cache, overwritten
     * @param inp    (N, C)
     * @param weight (C)
     */
    public static void forward(float[] out, float[] rstd, float[] inp, float[] weight, int N, int C, float eps) {
        Parallel.forRange(N, n -> normalizeRow(out, rstd, inp, weight, n, C, eps));
    }

    /**
     * The residual add before a norm and the norm in one parallel task per row (the add alone would be
     * a second pass over memory): res = a + b, then {@link #forward} of res. Bitwise the same as
     * {@code Residual.forward} followed by {@link #forward}. Its backward is {@link #backward} with dinp
     * the residual stream's gradient (the add passes gradients through unchanged).
     *
     * @param res    (N, C) the sum, overwritten; may alias a
     * @param out    (N, C) the normalised sum, overwritten
     * @param rstd   (N) cache, overwritten
     */
    public static void forwardResidual(float[] res, float[] out, float[] rstd, float[] a, float[] b, float[] weight,
                                       int N, int C, float eps) {
        Parallel.forRange(N, n -> {
            int o = n * C;
            for (int c = 0; c < C; c++) {
                res[o + c] = a[o + c] + b[o + c];
            }
            normalizeRow(out, rstd, res, weight, n, C, eps); // the row is still in L1
        });
    }

    /**
     * Row n of {@link #forward}: its rstd (the sum of squares in fp32 on the Vector API, as PyTorch's fp32
     * variance) and its scaled values.
     */
    private static void normalizeRow(float[] out, float[] rstd, float[] inp, float[] weight, int n, int C, float eps) {
        int o = n * C;
        float ss = VectorOps.sumOfSquares(inp, o, C);
        float s = (float) (1.0 / Math.sqrt((double) ss / C + eps));
        rstd[n] = s;
        for (int c = 0; c < C; c++) {
            out[o + c] = inp[o + c] * s * weight[c];
        }
    }

    /**
     * Differentiates {@code out = inp · rstd · weight}: with xhat = inp · rstd and g = dout · weight,
     * dinp += rstd · (g − xhat · mean(g · xhat)), dweight += dout · xhat. dweight may be null (frozen).
     */
    public static void backward(float[] dinp, float[] dweight, float[] dout, float[] inp, float[] weight,
                                float[] rstd, int N, int C) {
        Parallel.forRange(N, n -> {
            int o = n * C;
            float s = rstd[n];
            // Σ g · xhat = rstd · Σ dout · weight · inp
            float meanDot = VectorOps.dot(dout, o, weight, 0, inp, o, C) * s / C;
            for (int c = 0; c < C; c++) {
                dinp[o + c] += s * (dout[o + c] * weight[c] - inp[o + c] * s * meanDot);
            }
        });
        if (dweight != null) {
            // every row adds to dweight: one thread, rows in order
            for (int n = 0; n < N; n++) {
                for (int c = 0; c < C; c++) {
                    dweight[c] += dout[n * C + c] * (inp[n * C + c] * rstd[n]);
                }
            }
        }
    }
}
