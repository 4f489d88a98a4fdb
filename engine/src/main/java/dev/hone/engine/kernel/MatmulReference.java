package dev.hone.engine.kernel;

/**
 * Scalar reference for the matmul kernels: the spec every faster backend is tested against.
 * Layout follows PyTorch's Linear: weight is (OC, C), so out = inp · weightᵀ + bias.
 * Every sum is a chain of fused multiply-adds ({@link Math#fma}) in index order, starting from the
 * bias or from the gradient's previous value: that is exactly what the Vector API kernels do per
 * element, so they match this reference bitwise. Not for speed.
 * Reference: llm.c {@code matmul_forward_cpu} / {@code matmul_backward_cpu}.
 */
public final class MatmulReference {
    private MatmulReference() {
    }

    /**
     * out (BT, OC) = inp (BT, C) · weight (OC, C)ᵀ + bias (OC).
     *
     * @param out    overwritten, length ≥ BT*OC
     * @param inp    length ≥ BT*C
     * @param weight length ≥ OC*C
     * @param bias   length ≥ OC, or null for none
     */
    public static void forward(float[] out, float[] inp, float[] weight, float[] bias, int BT, int C, int OC) {
        for (int bt = 0; bt < BT; bt++) {
            for (int o = 0; o < OC; o++) {
                float sum = bias == null ? 0f : bias[o];
                for (int c = 0; c < C; c++) {
                    sum = Math.fma(inp[bt * C + c], weight[o * C + c], sum);
                }
                out[bt * OC + o] = sum;
            }
        }
    }

    /**
     * Accumulates the gradients of {@link #forward}: dinp += dout · weight, dweight += doutᵀ · inp,
     * dbias += Σ_bt dout. Any of dinp, dweight, dbias may be null to skip it (a frozen weight).
     */
    public static void backward(float[] dinp, float[] dweight, float[] dbias, float[] dout,
                                float[] inp, float[] weight, int BT, int C, int OC) {
        for (int bt = 0; bt < BT; bt++) {
            for (int o = 0; o < OC; o++) {
                float d = dout[bt * OC + o];
                if (dinp != null) {
                    for (int c = 0; c < C; c++) {
                        dinp[bt * C + c] = Math.fma(d, weight[o * C + c], dinp[bt * C + c]);
                    }
                }
                if (dweight != null) {
                    for (int c = 0; c < C; c++) {
                        dweight[o * C + c] = Math.fma(d, inp[bt * C + c], dweight[o * C + c]);
                    }
                }
                if (dbias != null) {
                    dbias[o] += d;
                }
            }
        }
    }

    /** {@link #forward} with a bf16 weight, each value widened exactly by {@link Bf16Weight#getFloat}. */
    public static void forward(float[] out, float[] inp, Bf16Weight weight, float[] bias, int BT, int C, int OC) {
        for (int bt = 0; bt < BT; bt++) {
            for (int o = 0; o < OC; o++) {
                float sum = bias == null ? 0f : bias[o];
                for (int c = 0; c < C; c++) {
                    sum = Math.fma(inp[bt * C + c], weight.getFloat(o * C + c), sum);
                }
                out[bt * OC + o] = sum;
            }
        }
    }

    /** dinp += dout · weight for a frozen bf16 weight, in the same order as {@link #backward}. */
    public static void backwardInput(float[] dinp, float[] dout, Bf16Weight weight, int BT, int C, int OC) {
        for (int bt = 0; bt < BT; bt++) {
            for (int o = 0; o < OC; o++) {
                float d = dout[bt * OC + o];
                for (int c = 0; c < C; c++) {
                    dinp[bt * C + c] = Math.fma(d, weight.getFloat(o * C + c), dinp[bt * C + c]);
                }
            }
        }
    }
}
