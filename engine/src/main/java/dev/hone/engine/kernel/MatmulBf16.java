package dev.hone.engine.kernel;

import java.util.Arrays;

/**
 * Vector API matmul forms for a frozen {@link Bf16Weight}: the forward and the input gradient. The
 * weight is widened to fp32 a block of rows at a time into a thread-local scratch and that block goes
 * through the unchanged fp32 {@link Gemm} (forward: a block of output columns; dinp: a block of the
 * summed OC dimension, consecutive, so every element still gets one FMA chain in k order). Widening is
 * exact, so results equal "widen the whole weight, then {@link MatmulVector}" bit for bit, for any
 * thread count. Not for trainable weights: there is no weight gradient.
 */
final class MatmulBf16 {
    /** Widened weight values per block (1 MB of fp32): small enough for L2, large enough to amortise. */
    private static final int BLOCK_FLOATS = 1 << 18;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private MatmulBf16() {
    }

    /** out (BT, OC) = inp (BT, C) · weight (OC, C)ᵀ + bias (OC); bias may be null. */
    static void forward(float[] out, float[] inp, Bf16Weight weight, float[] bias, int BT, int C, int OC,
                        int threads) {
        if (BT < Gemm.FEW_ROWS) {
            rowsForward(out, inp, weight, bias, BT, C, OC, threads);
            return;
        }
        for (int bt = 0; bt < BT; bt++) {
            if (bias == null) {
                Arrays.fill(out, bt * OC, (bt + 1) * OC, 0f);
            } else {
                System.arraycopy(bias, 0, out, bt * OC, OC);
            }
        }
        int block = blockRows(C, OC, threads);
        float[] w = scratch(block * C);
        for (int o0 = 0; o0 < OC; o0 += block) {
            int m = Math.min(block, OC - o0);
            widen(weight, o0, m, w, threads);
            // out[:, o0..o0+m) += inp · w_blockᵀ: B is the block stored (m, C), i.e. TRANSPOSED.
            Gemm.multiplyAdd(out, o0, OC, inp, 0, C, 1, w, 0, C, Gemm.BLayout.TRANSPOSED, BT, m, C, threads);
        }
    }

    /** dinp (BT, C) += dout (BT, OC) · weight (OC, C), summing OC in blocks of rows, in order. */
    static void backwardInput(float[] dinp, float[] dout, Bf16Weight weight, int BT, int C, int OC, int threads) {
        int block = blockRows(C, OC, threads);
        float[] w = scratch(block * C);
        for (int o0 = 0; o0 < OC; o0 += block) {
            int m = Math.min(block, OC - o0);
            widen(weight, o0, m, w, threads);
            Gemm.multiplyAdd(dinp, 0, C, dout, o0, OC, 1, w, 0, C, Gemm.BLayout.ROWS, BT, C, m, threads);
        }
    }

    /**
     * A few rows (token-by-token generation): each thread widens one weight row at a time and takes one
     * {@link VectorOps#dot} per output, as {@link MatmulVector}'s few-row path does with fp32 rows.
     */
    private static void rowsForward(float[] out, float[] inp, Bf16Weight weight, float[] bias, int BT, int C,
                                    int OC, int threads) {
        Parallel.forChunks(OC, (long) OC * C < (1 << 18) ? 1 : threads, (start, end) -> {
            float[] row = scratch(C);
            for (int o = start; o < end; o++) {
                weight.toFloats(o, 1, row, 0);
                for (int bt = 0; bt < BT; bt++) {
                    float dot = VectorOps.dot(inp, bt * C, row, 0, C);
                    out[bt * OC + o] = bias == null ? dot : bias[o] + dot;
                }
            }
        });
    }

    /** w[0 .. m*C) = rows o0 .. o0+m of weight widened, split over threads by rows. */
    static void widen(Bf16Weight weight, int o0, int m, float[] w, int threads) {
        int C = weight.cols();
        Parallel.forChunks(m, (long) m * C < (1 << 16) ? 1 : threads,
            (start, end) -> weight.toFloats(o0 + start, end - start, w, start * C));
    }

    /**
     * Rows per widened block: about BLOCK_FLOATS values, a multiple of NR·threads so the forward's column
     * panels split evenly over the threads, and at least that.
     */
    private static int blockRows(int C, int OC, int threads) {
        int unit = Gemm.NR * Math.max(1, threads);
        int rows = Math.max(1, BLOCK_FLOATS / Math.max(1, C)) / unit * unit;
        return Math.min(OC, Math.max(rows, unit));
    }

    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }
}
