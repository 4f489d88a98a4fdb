package dev.hone.engine.kernel;

/**
 * The matmul entry points every layer calls. Today they run the scalar reference; the Vector API
 * backend (and later a native one) plugs in here without touching layer code.
 * Contracts are those of {@link MatmulReference}.
 */
public final class Matmul {
    private Matmul() {
    }

    /** out (BT, OC) = inp (BT, C) · weight (OC, C)ᵀ + bias (OC); bias may be null. */
    public static void forward(float[] out, float[] inp, float[] weight, float[] bias, int BT, int C, int OC) {
        MatmulReference.forward(out, inp, weight, bias, BT, C, OC);
    }

    /** dinp += dout·weight, dweight += doutᵀ·inp, dbias += Σ dout; null targets are skipped. */
    public static void backward(float[] dinp, float[] dweight, float[] dbias, float[] dout,
                                float[] inp, float[] weight, int BT, int C, int OC) {
        MatmulReference.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
    }
}
