package dev.hone.engine.kernel;

/**
 * The matmul forms on oneDNN ({@link Dnnl}), fp32 and {@link Precision#BF16 bf16}. Row-major GEMMs:
 * <pre>
 *   forward  out  (BT, OC)  = inp (BT, C) · W (OC, C)ᵀ [+ bias]     sgemm('N', 'T', BT, OC, C)
 *   dinp     dinp (BT, C)  += dout (BT, OC) · W (OC, C)            sgemm('N', 'N', BT, C, OC)
 *   dweight  dW   (OC, C)  += dout (BT, OC)ᵀ · inp (BT, C)         sgemm('T', 'N', OC, C, BT)
 * </pre>
 * The transposes are strides, not copies. In fp32 the weight is split into blocks of rows (OC) and a
 * frozen {@link Bf16Weight} is widened one block at a time into scratch, so an fp32 weight and its bf16
 * twin run the very same GEMM calls and give bitwise the same result (widening is exact), without ever
 * holding a widened copy of a whole frozen base. In bf16 the activations and output gradients are
 * rounded per call (once per {@link HeldInputs hold}), trainable weights come from {@link MatmulMixed#bf16} (rounded once per version)
 * and frozen bf16 weights are used as they are. Bias gradients are summed in Java in fp32.
 * Calls are serialised on one lock and come from the caller's thread only (never from a
 * {@link Parallel} chunk, see {@link Matmul}): oneDNN runs its own OpenMP team of
 * {@link Parallel#threads()} threads. {@link AttentionNative} holds the same lock while its
 * {@link Parallel} threads call oneDNN with teams of one. Deterministic for a fixed thread count; not
 * bitwise equal to {@link MatmulReference} (oneDNN blocks the sums differently).
 */
final class MatmulNative {
    /** Weight values per fp32 block (8 MB): one block for most projections, tens for a vocabulary. */
    private static final int BLOCK_FLOATS = 1 << 21;
    /** Serialises every oneDNN call (matmuls and {@link AttentionNative}). */
    static final Object LOCK = new Object();
    private static float[] wide = new float[0];
    private static short[] first16 = new short[0];
    private static short[] second16 = new short[0];

    private MatmulNative() {
    }

    /** out = inp · Wᵀ [+ bias]. */
    static void forward(Dnnl dnnl, float[] out, float[] inp, float[] weight, Bf16Weight weight16, float[] bias,
                        int BT, int C, int OC) {
        forward(dnnl, out, inp, weight, weight16, bias, BT, C, OC, false);
    }

    /** out = inp · Wᵀ [+ bias], or with {@code accumulate} (no bias) out += inp · Wᵀ. */
    static void forward(Dnnl dnnl, float[] out, float[] inp, float[] weight, Bf16Weight weight16, float[] bias,
                        int BT, int C, int OC, boolean accumulate) {
        synchronized (LOCK) {
            dnnl.setThreads(Parallel.threads());
            float beta = accumulate ? 1f : fillBias(out, bias, BT, OC);
            if (BT == 0 || OC == 0 || C == 0) {
                return;
            }
            if (Precision.current() == Precision.BF16) {
                short[] x = roundedFirst(inp, BT * C);
                short[] w = weight16 != null ? weight16.bits() : MatmulMixed.bf16(weight, C, OC).bits();
                dnnl.gemmBf16('N', 'T', BT, OC, C, x, 0, C, w, 0, C, beta, out, 0, OC);
                return;
            }
            int rows = blockRows(C, OC);
            for (int o0 = 0; o0 < OC; o0 += rows) {
                int m = Math.min(rows, OC - o0);
                float[] w = weight != null ? weight : widen(weight16, o0, m);
                int wOff = weight != null ? o0 * C : 0;
                dnnl.sgemm('N', 'T', BT, m, C, inp, 0, C, w, wOff, C, beta, out, o0, OC);
            }
        }
    }

    static void backward(Dnnl dnnl, float[] dinp, float[] dweight, float[] dbias, float[] dout, float[] inp,
                         float[] weight, Bf16Weight weight16, int BT, int C, int OC) {
        if (dbias != null) {
            Matmul.biasBackward(dbias, dout, BT, OC);
        }
        if ((dinp == null && dweight == null) || BT == 0 || OC == 0 || C == 0) {
            return;
        }
        synchronized (LOCK) {
            dnnl.setThreads(Parallel.threads());
            if (Precision.current() == Precision.BF16) {
                short[] d = roundedFirst(dout, BT * OC);
                if (dinp != null) {
                    short[] w = weight16 != null ? weight16.bits() : MatmulMixed.bf16(weight, C, OC).bits();
                    dnnl.gemmBf16('N', 'N', BT, C, OC, d, 0, OC, w, 0, C, 1f, dinp, 0, C);
                }
                if (dweight != null) {
                    short[] x = roundedSecond(inp, BT * C);
                    dnnl.gemmBf16('T', 'N', OC, C, BT, d, 0, OC, x, 0, C, 1f, dweight, 0, C);
                }
                return;
            }
            if (dinp != null) {
                // Σ over OC block by block, in order: the same calls for an fp32 weight and its bf16 twin.
                int rows = blockRows(C, OC);
                for (int o0 = 0; o0 < OC; o0 += rows) {
                    int m = Math.min(rows, OC - o0);
                    float[] w = weight != null ? weight : widen(weight16, o0, m);
                    int wOff = weight != null ? o0 * C : 0;
                    dnnl.sgemm('N', 'N', BT, C, m, dout, o0, OC, w, wOff, C, 1f, dinp, 0, C);
                }
            }
            if (dweight != null) {
                dnnl.sgemm('T', 'N', OC, C, BT, dout, 0, OC, inp, 0, C, 1f, dweight, 0, C);
            }
        }
    }

    /** out rows = bias (or nothing): returns the beta the GEMMs then use (1 after a bias, else 0). */
    private static float fillBias(float[] out, float[] bias, int BT, int OC) {
        if (bias == null) {
            return 0f;
        }
        for (int bt = 0; bt < BT; bt++) {
            System.arraycopy(bias, 0, out, bt * OC, OC);
        }
        return 1f;
    }

    /** Rows per fp32 block: the fewest blocks of at most BLOCK_FLOATS values, rows a multiple of 64. */
    static int blockRows(int C, int OC) {
        long blocks = Math.max(1, ((long) OC * C + BLOCK_FLOATS - 1) / BLOCK_FLOATS);
        int rows = (int) ((OC + blocks - 1) / blocks);
        return Math.min(OC, (rows + 63) / 64 * 64);
    }

    private static float[] widen(Bf16Weight weight, int o0, int m) {
        int n = m * weight.cols();
        if (wide.length < n) {
            wide = new float[n];
        }
        MatmulBf16.widen(weight, o0, m, wide, Parallel.threads());
        return wide;
    }

    private static short[] roundedFirst(float[] src, int n) {
        short[] held = HeldInputs.bits(src, n);
        if (held != null) {
            return held;
        }
        if (first16.length < n) {
            first16 = new short[n];
        }
        Bf16Rounding.toBits(src, first16, n, Parallel.threads());
        return first16;
    }

    private static short[] roundedSecond(float[] src, int n) {
        short[] held = HeldInputs.bits(src, n);
        if (held != null) {
            return held;
        }
        if (second16.length < n) {
            second16 = new short[n];
        }
        Bf16Rounding.toBits(src, second16, n, Parallel.threads());
        return second16;
    }
}
