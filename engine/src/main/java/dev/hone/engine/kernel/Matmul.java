package dev.hone.engine.kernel;

/**
 * The matmul entry points every layer calls, and the one place that picks their backend:
 * <ul>
 *   <li>oneDNN ({@link MatmulNative}) when {@link Kernels} loaded it and the caller is not a
 *       {@link Parallel} chunk (native calls come from one Java thread at a time; a matmul nested in a
 *       parallel chunk runs on the Java kernels). Deterministic for a fixed thread count; equal to the
 *       reference within fp32 rounding, not bitwise.</li>
 *   <li>otherwise the Vector API kernels ({@link MatmulVector}, {@link MatmulBf16}) on
 *       {@link Parallel#threads()} threads, or the scalar reference when {@code -Dhone.kernels=scalar}.
 *       Both give bitwise the same result (a forward of BT &lt; 4 rows: the same within rounding), which
 *       does not depend on the thread count.</li>
 * </ul>
 * {@link Precision#current()} BF16 rounds both inputs of every form to bf16 first (mixed precision;
 * {@link MatmulMixed} on the Java backends). Contracts are those of {@link MatmulReference}.
 */
public final class Matmul {
    /** Per thread: the product {@link #forwardAccumulate} adds, on the Java backends. */
    private static final ThreadLocal<float[]> PRODUCT = ThreadLocal.withInitial(() -> new float[0]);

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
        require("out", out, BT, OC, "(BT, OC)");
        require("inp", inp, BT, C, "(BT, C)");
        require("weight", weight, OC, C, "(OC, C)");
        if (bias != null) {
            require("bias", bias, 1, OC, "(OC)");
        }
        if (useNative()) {
            MatmulNative.forward(Kernels.NATIVE, out, inp, weight, null, bias, BT, C, OC);
        } else if (Precision.current() == Precision.BF16) {
            MatmulMixed.forward(out, inp, weight, bias, BT, C, OC);
        } else if (Kernels.VECTOR) {
            MatmulVector.forward(out, inp, weight, bias, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.forward(out, inp, weight, bias, BT, C, OC);
        }
    }

    /**
     * out (BT, OC) += inp (BT, C) · weight (OC, C)ᵀ: a side path added onto a projection's output (LoRA's
     * B·h). oneDNN adds in the GEMM itself; the Java backends compute the product into scratch and add it
     * row by row (fma(1, x, y) rounds exactly as x + y).
     */
    public static void forwardAccumulate(float[] out, float[] inp, float[] weight, int BT, int C, int OC) {
        require("out", out, BT, OC, "(BT, OC)");
        require("inp", inp, BT, C, "(BT, C)");
        require("weight", weight, OC, C, "(OC, C)");
        if (useNative()) {
            MatmulNative.forward(Kernels.NATIVE, out, inp, weight, null, null, BT, C, OC, true);
            return;
        }
        float[] product = PRODUCT.get();
        if (product.length < BT * OC) {
            product = new float[BT * OC];
            PRODUCT.set(product);
        }
        float[] p = product;
        forward(p, inp, weight, null, BT, C, OC);
        Parallel.forChunks(BT, (start, end) ->
            VectorOps.axpy(1f, p, start * OC, out, start * OC, (end - start) * OC));
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
        require("dout", dout, BT, OC, "(BT, OC)");
        require("inp", inp, BT, C, "(BT, C)");
        require("weight", weight, OC, C, "(OC, C)");
        if (dinp != null) {
            require("dinp", dinp, BT, C, "(BT, C)");
        }
        if (dweight != null) {
            require("dweight", dweight, OC, C, "(OC, C)");
        }
        if (dbias != null) {
            require("dbias", dbias, 1, OC, "(OC)");
        }
        if (useNative()) {
            MatmulNative.backward(Kernels.NATIVE, dinp, dweight, dbias, dout, inp, weight, null, BT, C, OC);
        } else if (Precision.current() == Precision.BF16) {
            MatmulMixed.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
        } else if (Kernels.VECTOR) {
            MatmulVector.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
        }
    }

    /**
     * The forward with a frozen bf16 weight: equal bit for bit to {@link #forward} with the weight
     * widened to fp32 ({@link Bf16Weight#toFloats()}), which is exact, on every backend and precision.
     *
     * @param out    (BT, OC), overwritten
     * @param inp    (BT, C)
     * @param weight (OC, C)
     * @param bias   (OC), or null for none
     */
    public static void forward(float[] out, float[] inp, Bf16Weight weight, float[] bias, int BT, int C, int OC) {
        require("out", out, BT, OC, "(BT, OC)");
        require("inp", inp, BT, C, "(BT, C)");
        requireWeight(weight, C, OC);
        if (bias != null) {
            require("bias", bias, 1, OC, "(OC)");
        }
        if (useNative()) {
            MatmulNative.forward(Kernels.NATIVE, out, inp, null, weight, bias, BT, C, OC);
        } else if (Precision.current() == Precision.BF16) {
            MatmulMixed.forward(out, inp, weight, bias, BT, C, OC);
        } else if (Kernels.VECTOR) {
            MatmulBf16.forward(out, inp, weight, bias, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.forward(out, inp, weight, bias, BT, C, OC);
        }
    }

    /**
     * The input gradient through a frozen bf16 weight, dinp += dout·weight (a frozen weight has no
     * gradient; a bias gradient, if any, is {@link #backward} with null dinp and dweight). Equal bit for
     * bit to {@link #backward} with the widened weight.
     *
     * @param dinp (BT, C), accumulated into
     * @param dout (BT, OC)
     */
    public static void backwardInput(float[] dinp, float[] dout, Bf16Weight weight, int BT, int C, int OC) {
        require("dinp", dinp, BT, C, "(BT, C)");
        require("dout", dout, BT, OC, "(BT, OC)");
        requireWeight(weight, C, OC);
        if (useNative()) {
            MatmulNative.backward(Kernels.NATIVE, dinp, null, null, dout, null, null, weight, BT, C, OC);
        } else if (Precision.current() == Precision.BF16) {
            MatmulMixed.backwardInput(dinp, dout, weight, BT, C, OC);
        } else if (Kernels.VECTOR) {
            MatmulBf16.backwardInput(dinp, dout, weight, BT, C, OC, Parallel.threads());
        } else {
            MatmulReference.backwardInput(dinp, dout, weight, BT, C, OC);
        }
    }

    /**
     * Promises that {@code input} will not change until the returned hold is closed, so that bf16 matmuls
     * round it once rather than once per call: {@code try (HeldInputs held = Matmul.hold(x)) { … }}.
     */
    public static HeldInputs hold(float[] input) {
        return new HeldInputs(input, null);
    }

    /** {@link #hold(float[])} for two arrays, e.g. an output gradient and the forward's input. */
    public static HeldInputs hold(float[] first, float[] second) {
        return new HeldInputs(first, second);
    }

    /** dbias += Σ_bt dout in fp32 on the Java kernels: every backend and precision sums bias gradients so. */
    static void biasBackward(float[] dbias, float[] dout, int BT, int OC) {
        if (Kernels.VECTOR) {
            MatmulVector.backward(null, null, dbias, dout, null, null, BT, 0, OC, Parallel.threads());
        } else {
            MatmulReference.backward(null, null, dbias, dout, null, null, BT, 0, OC);
        }
    }

    /** oneDNN is loaded and this thread may call it (not a {@link Parallel} chunk, no {@link JfrGuard JFR}). */
    static boolean useNative() {
        return Kernels.NATIVE != null && !Parallel.insideChunk() && !JfrGuard.active();
    }

    private static void requireWeight(Bf16Weight weight, int C, int OC) {
        if (weight.rows() != OC || weight.cols() != C) {
            throw new IllegalArgumentException("matmul expects a bf16 weight (OC, C) = (" + OC + ", " + C
                + "); found (" + weight.rows() + ", " + weight.cols() + "); check the C, OC arguments");
        }
    }

    private static void require(String name, float[] array, int rows, int cols, String shape) {
        long needed = (long) rows * cols;
        if (rows < 0 || cols < 0 || array == null || array.length < needed) {
            throw new IllegalArgumentException("matmul expects " + name + " " + shape + " = " + rows + " x "
                + cols + ", at least " + needed + " floats; found "
                + (array == null ? "null" : array.length + " floats") + "; check the BT, C, OC arguments");
        }
    }
}
