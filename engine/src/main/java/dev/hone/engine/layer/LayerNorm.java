package dev.hone.engine.layer;

import dev.hone.engine.kernel.Parallel;

/**
 * LayerNorm over the last dimension with weight and bias (GPT-2).
 * out = (inp − mean) · rstd · weight + bias. Reference: llm.c {@code layernorm_forward} / {@code _backward}.
 */
public final class LayerNorm {
    private LayerNorm() {
    }

    /**
     * @param out    (N, C), overwritten
     * @param mean   (N) cache, overwritten
     * @param rstd   (N) cache, overwritten
     * @param inp    (N, C)
     * @param weight (C)
     * @param bias   (C)
     */
    public static void forward(float[] out, float[] mean, float[] rstd, float[] inp, float[] weight,
                               float[] bias, int N, int C, float eps) {
        Parallel.forRange(N, n -> normalizeRow(out, mean, rstd, inp, weight, bias, n, C, eps));
    }

    /**
     * The residual add before a norm and the norm in one parallel task per row: res = a + b, then
     * {@link #forward} of res; bitwise the same as {@code Residual.forward} then {@link #forward}.
     *
     * @param res (N, C) the sum, overwritten; may alias a
     * @param out (N, C) the normalised sum, overwritten
     */
    public static void forwardResidual(float[] res, float[] out, float[] mean, float[] rstd, float[] a, float[] b,
                                       float[] weight, float[] bias, int N, int C, float eps) {
        Parallel.forRange(N, n -> {
            int o = n * C;
            for (int c = 0; c < C; c++) {
                res[o + c] = a[o + c] + b[o + c];
            }
            normalizeRow(out, mean, rstd, res, weight, bias, n, C, eps); // the row is still in L1
        });
    }

    /** Row n of {@link #forward}: its mean and rstd (sums in double, in order) and its normalised values. */
    private static void normalizeRow(float[] out, float[] mean, float[] rstd, float[] inp, float[] weight,
                                     float[] bias, int n, int C, float eps) {
        int o = n * C;
        double m = 0;
        for (int c = 0; c < C; c++) {
            m += inp[o + c];
        }
        m /= C;
        double v = 0;
        for (int c = 0; c < C; c++) {
            double d = inp[o + c] - m;
            v += d * d;
        }
        float s = (float) (1.0 / Math.sqrt(v / C + eps));
        mean[n] = (float) m;
        rstd[n] = s;
        for (int c = 0; c < C; c++) {
            out[o + c] = (inp[o + c] - (float) m) * s * weight[c] + bias[c];
        }
    }

    /**
     * Differentiates {@code out = (inp − mean) · rstd · weight + bias}: with xhat the normalised input and
     * g = dout · weight, dinp += rstd · (g − mean(g) − xhat · mean(g · xhat)).
     * dweight and dbias may be null (frozen).
     */
    public static void backward(float[] dinp, float[] dweight, float[] dbias, float[] dout, float[] inp,
                                float[] weight, float[] mean, float[] rstd, int N, int C) {
        Parallel.forRange(N, n -> {
            int o = n * C;
            float m = mean[n];
            float s = rstd[n];
            double gMean = 0;
            double gxMean = 0;
            for (int c = 0; c < C; c++) {
                float xhat = (inp[o + c] - m) * s;
                float g = dout[o + c] * weight[c];
                gMean += g;
                gxMean += (double) g * xhat;
            }
            float gm = (float) (gMean / C);
            float gxm = (float) (gxMean / C);
            for (int c = 0; c < C; c++) {
                float xhat = (inp[o + c] - m) * s;
                float g = dout[o + c] * weight[c];
                dinp[o + c] += s * (g - gm - xhat * gxm);
            }
        });
        // every row adds to dweight/dbias: one thread, rows in order
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                if (dbias != null) {
                    dbias[c] += dout[n * C + c];
                }
                if (dweight != null) {
                    dweight[c] += dout[n * C + c] * ((inp[n * C + c] - mean[n]) * rstd[n]);
                }
            }
        }
    }
}
