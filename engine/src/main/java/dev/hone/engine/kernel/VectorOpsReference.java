package dev.hone.engine.kernel;

/**
 * Scalar references of {@link VectorOps}: the spec each vector twin is tested against. Reductions
 * run in index order with fused multiply-adds; element-wise results equal the vector twin bitwise,
 * reductions within rounding (the vector twin sums per lane, then across lanes).
 */
public final class VectorOpsReference {
    private VectorOpsReference() {
    }

    /** Σ a[aOff+i]·b[bOff+i] for i < n. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    /** Σ a[aOff+i]·b[bOff+i]·c[cOff+i] for i < n, as fma(a·b, c, sum). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum = Math.fma(a[aOff + i] * b[bOff + i], c[cOff + i], sum);
        }
        return sum;
    }

    /** y[yOff+i] += alpha·x[xOff+i] (fused) for i < n. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /** x[off+i] *= s for i < n. */
    public static void scale(float[] x, int off, int n, float s) {
        for (int i = 0; i < n; i++) {
            x[off + i] *= s;
        }
    }

    /** Σ x[off+i]² for i < n (the RMSNorm statistic). */
    public static float sumOfSquares(float[] x, int off, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum = Math.fma(x[off + i], x[off + i], sum);
        }
        return sum;
    }

    /** out[outOff+i] = e^inp[inpOff+i] for i < n, by {@link FastExp#exp(float)}. */
    public static void exp(float[] out, int outOff, float[] inp, int inpOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = FastExp.exp(inp[inpOff + i]);
        }
    }

    /** The maximum of x[off .. off+n), n ≥ 1. */
    public static float max(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }

    /** The first index (from 0) of the largest of x[off .. off+n), n ≥ 1. */
    public static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Σ e^(x − shift) over x[off .. off+n), in index order, by {@link FastExp#exp(float)}. */
    public static float sumExp(float[] x, int off, int n, float shift) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += FastExp.exp(x[off + i] - shift);
        }
        return sum;
    }

    /** out[outOff+i] = scale · e^(inp[inpOff+i] − shift) for i < n, by {@link FastExp#exp(float)}. */
    public static void scaledExp(float[] out, int outOff, float[] inp, int inpOff, int n, float shift, float scale) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = FastExp.exp(inp[inpOff + i] - shift) * scale;
        }
    }

    /**
     * In place: x = e^(x − max x) / Σ e^(x − max x) over x[off .. off+n), n ≥ 1.
     *
     * @return the log-sum-exp max x + log Σ e^(x − max x) (what a fused attention keeps for backward)
     */
    public static float softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = FastExp.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) {
            x[off + i] *= inv;
        }
        return max + (float) Math.log(sum);
    }
}
