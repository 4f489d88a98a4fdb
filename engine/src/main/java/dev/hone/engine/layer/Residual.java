package dev.hone.engine.layer;

/** Residual add: out = a + b. Reference: llm.c {@code residual_forward} / {@code residual_backward}. */
public final class Residual {
    private Residual() {
    }

    /** out (N) = a (N) + b (N); out is overwritten and may alias a. */
    public static void forward(float[] out, float[] a, float[] b, int N) {
        for (int i = 0; i < N; i++) {
            out[i] = a[i] + b[i];
        }
    }

    /** Differentiates {@code out = a + b}: da += dout, db += dout. da and db must not alias dout. */
    public static void backward(float[] da, float[] db, float[] dout, int N) {
        for (int i = 0; i < N; i++) {
            da[i] += dout[i];
            db[i] += dout[i];
        }
    }
}
