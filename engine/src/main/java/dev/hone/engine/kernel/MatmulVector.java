package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

/**
 * Vector API twin of {@link MatmulReference}: the three matmul forms mapped onto {@link Gemm}, plus
 * the bias-gradient column sum. Results are bitwise equal to the reference for any thread count
 * (see {@link Gemm} for why), except the forward of fewer than 4 rows (see {@link #rowsForward}). Parallel over output columns (OC for out, C for dinp and dweight) and,
 * when there are fewer column panels than threads, over row blocks: no two threads write one element.
 */
final class MatmulVector {
    private MatmulVector() {
    }

    /** out (BT, OC) = inp (BT, C) · weight (OC, C)ᵀ + bias (OC); bias may be null. */
    static void forward(float[] out, float[] inp, float[] weight, float[] bias, int BT, int C, int OC,
                        int threads) {
        if (BT < Gemm.FEW_ROWS) {
            rowsForward(out, inp, weight, bias, BT, C, OC, threads);
            return;
        }
        Parallel.forChunks(BT, (long) BT * OC < (1 << 16) ? 1 : threads, (start, end) -> {
            for (int bt = start; bt < end; bt++) {
                if (bias == null) {
                    Arrays.fill(out, bt * OC, (bt + 1) * OC, 0f);
                } else {
                    System.arraycopy(bias, 0, out, bt * OC, OC);
                }
            }
        });
        PackedB packed = PackedWeights.forward(weight, C, OC, threads);
        if (packed != null) {
            Gemm.multiplyAdd(out, 0, OC, inp, 0, C, 1, packed, BT, threads);
        } else {
            Gemm.multiplyAdd(out, 0, inp, 0, C, 1, weight, Gemm.BLayout.TRANSPOSED, BT, OC, C, threads);
        }
    }

    /**
     * Forward for a few rows (token-by-token generation): one {@link VectorOps#dot} per output, reading
     * each weight row once, instead of packing the whole weight for a product this small. The lane-wise
     * dot sums in a different order than the reference, so this path matches it within rounding, not
     * bitwise; it is still deterministic and independent of the thread count (parallel over OC).
     */
    private static void rowsForward(float[] out, float[] inp, float[] weight, float[] bias, int BT, int C,
                                    int OC, int threads) {
        Parallel.forChunks(OC, (long) OC * C < (1 << 18) ? 1 : threads, (start, end) -> {
            for (int bt = 0; bt < BT; bt++) {
                for (int o = start; o < end; o++) {
                    float dot = VectorOps.dot(inp, bt * C, weight, o * C, C);
                    out[bt * OC + o] = bias == null ? dot : bias[o] + dot;
                }
            }
        });
    }

    /** dinp += dout·weight, dweight += doutᵀ·inp, dbias += Σ_bt dout; null targets are skipped. */
    static void backward(float[] dinp, float[] dweight, float[] dbias, float[] dout, float[] inp,
                         float[] weight, int BT, int C, int OC, int threads) {
        if (dbias != null) {
            biasBackward(dbias, dout, BT, OC, threads);
        }
        if (dinp != null) {
            // dinp (BT, C) += dout (BT, OC) · weight (OC, C): A = dout row-major, B = weight as rows.
            Gemm.multiplyAdd(dinp, 0, dout, 0, OC, 1, weight, Gemm.BLayout.ROWS, BT, C, OC, threads);
        }
        if (dweight != null) {
            weightBackward(dweight, dout, inp, BT, C, OC, threads);
        }
    }

    /**
     * dweight (OC, C) += doutᵀ (OC, BT) · inp (BT, C): A = dout read column-wise, which {@link Gemm}
     * copies per (MC × KC) block into row tiles so the micro-kernel reads it contiguously.
     */
    private static void weightBackward(float[] dweight, float[] dout, float[] inp, int BT, int C, int OC,
                                       int threads) {
        Gemm.multiplyAdd(dweight, 0, dout, 0, 1, OC, inp, Gemm.BLayout.ROWS, OC, C, BT, threads);
    }

    /** dbias[o] += Σ_bt dout[bt, o], summed in bt order: vectors run across o, never across bt. */
    private static void biasBackward(float[] dbias, float[] dout, int BT, int OC, int threads) {
        int L = Kernels.L;
        int vectors = OC / L;
        Parallel.forChunks(vectors, (long) BT * OC < (1 << 16) ? 1 : threads, (start, end) -> {
            for (int o = start * L; o < end * L; o += L) {
                FloatVector acc = FloatVector.fromArray(Kernels.F, dbias, o);
                for (int bt = 0; bt < BT; bt++) {
                    acc = acc.add(FloatVector.fromArray(Kernels.F, dout, bt * OC + o));
                }
                acc.intoArray(dbias, o);
            }
        });
        for (int o = vectors * L; o < OC; o++) {
            float acc = dbias[o];
            for (int bt = 0; bt < BT; bt++) {
                acc += dout[bt * OC + o];
            }
            dbias[o] = acc;
        }
    }
}
