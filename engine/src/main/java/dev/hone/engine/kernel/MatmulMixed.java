package dev.hone.engine.kernel;

/**
 * Mixed precision ({@link Precision#BF16}) on the Java backends: each matmul input is rounded to bf16
 * first, then the fp32 kernels multiply the rounded values, so the products are exact and only the
 * fp32 accumulation rounds, as in the native bf16 GEMM; the two backends then differ by summation
 * order only. Weights are rounded once per {@link WeightVersions version} and kept as
 * {@link Bf16Weight}s ({@link #bf16}); activations and output gradients are rounded per call into
 * thread-local scratch. The bias gradient sums the unrounded fp32 dout. Contracts: {@link Matmul}.
 */
final class MatmulMixed {
    private static final DerivedWeights<short[]> BF16_WEIGHTS = new DerivedWeights<>((w, stale) -> {
        short[] bits = stale != null ? stale : new short[w.length];
        Bf16Rounding.toBits(w, bits, w.length, Parallel.threads());
        return bits;
    });
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private MatmulMixed() {
    }

    /** The bf16 rounding of a trainable weight (OC, C), rebuilt when its version moves. */
    static Bf16Weight bf16(float[] weight, int C, int OC) {
        short[] bits = BF16_WEIGHTS.get(weight);
        return new Bf16Weight(bits.length == (long) OC * C ? bits : java.util.Arrays.copyOf(bits, OC * C), OC, C);
    }

    static void forward(float[] out, float[] inp, float[] weight, float[] bias, int BT, int C, int OC) {
        forward(out, inp, bf16(weight, C, OC), bias, BT, C, OC);
    }

    static void forward(float[] out, float[] inp, Bf16Weight weight, float[] bias, int BT, int C, int OC) {
        float[] x = rounded(inp, BT * C, 0);
        if (Kernels.VECTOR) {
            MatmulBf16.forward(out, x, weight, bias, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.forward(out, x, weight, bias, BT, C, OC);
        }
    }

    static void backward(float[] dinp, float[] dweight, float[] dbias, float[] dout, float[] inp, float[] weight,
                         int BT, int C, int OC) {
        if (dbias != null) {
            Matmul.biasBackward(dbias, dout, BT, OC);
        }
        if (dinp == null && dweight == null) {
            return;
        }
        float[] d = rounded(dout, BT * OC, 0);
        if (dinp != null) {
            backwardInputRounded(dinp, d, bf16(weight, C, OC), BT, C, OC);
        }
        if (dweight != null) {
            float[] x = rounded(inp, BT * C, 1);
            if (Kernels.VECTOR) {
                MatmulVector.backward(null, dweight, null, d, x, weight, BT, C, OC, Parallel.threads());
            } else {
                MatmulReference.backward(null, dweight, null, d, x, weight, BT, C, OC);
            }
        }
    }

    static void backwardInput(float[] dinp, float[] dout, Bf16Weight weight, int BT, int C, int OC) {
        backwardInputRounded(dinp, rounded(dout, BT * OC, 0), weight, BT, C, OC);
    }

    private static void backwardInputRounded(float[] dinp, float[] d, Bf16Weight weight, int BT, int C, int OC) {
        if (Kernels.VECTOR) {
            MatmulBf16.backwardInput(dinp, d, weight, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.backwardInput(dinp, d, weight, BT, C, OC);
        }
    }

    /** src[0 .. n) rounded to bf16 values (kept in fp32) in this thread's scratch {@code slot}. */
    private static float[] rounded(float[] src, int n, int slot) {
        float[][] scratch = SCRATCH.get();
        if (scratch[slot].length < n) {
            scratch[slot] = new float[n];
        }
        Bf16Rounding.toFloats(src, scratch[slot], n, Parallel.threads());
        return scratch[slot];
    }
}
