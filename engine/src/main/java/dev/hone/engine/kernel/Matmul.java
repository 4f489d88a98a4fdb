package dev.hone.engine.kernel;

/**
 * The matmul entry points every layer calls. They run the Vector API kernels ({@link MatmulVector})
 * on {@link Parallel#threads()} threads, or the scalar reference when {@code -Dhone.kernels=scalar}.
 * Both give bitwise the same result, which does not depend on the thread count. A native backend can
 * plug in here later without touching layer code. Contracts are those of {@link MatmulReference}.
 */
public final class Matmul {
    private Matmul() {
    }

    /**
     * out (BT, OC) = inp (BT, C) · weight (OC, C)ᵀ + bias (OC). Overwrites out.
     *
     * @param out    (BT, OC), overwritten
     * @param inp    (BT, C)
     * @param weight (OC, C), PyTorch Linear layout
     * @param bias   (OC), or null for none
     */
    public static void forward(float[] out, float[] inp, float[] weight, float[] bias, int BT, int C, int OC) {
        if (Kernels.VECTOR) {
            MatmulVector.forward(out, inp, weight, bias, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.forward(out, inp, weight, bias, BT, C, OC);
        }
    }

    /**
     * Accumulates (+=) the gradients of {@link #forward}: dinp += dout·weight, dweight += doutᵀ·inp,
     * dbias += Σ_bt dout. Any of dinp, dweight, dbias may be null to skip it (a frozen weight).
     *
     * @param dinp    (BT, C) or null
     * @param dweight (OC, C) or null
     * @param dbias   (OC) or null
     * @param dout    (BT, OC)
     * @param inp     (BT, C), the forward input
     * @param weight  (OC, C)
     */
    public static void backward(float[] dinp, float[] dweight, float[] dbias, float[] dout,
                                float[] inp, float[] weight, int BT, int C, int OC) {
        if (Kernels.VECTOR) {
            MatmulVector.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
        }
    }
}
