package dev.hone.engine.kernel;

import java.util.Arrays;

/**
 * The right operand B (K, N) of {@link Gemm} in the micro-kernels' order: panels of NR columns, panel g
 * holding B[k, g*NR + j] at {@code data[g*K*NR + k*NR + j]}, zero past column N. {@link Gemm} packs the
 * (kc × NR) slices it needs per call into a thread-local buffer with {@link #pack}; a whole packed B
 * ({@link #of}) is what {@link PackedWeights} keeps for a weight between optimizer steps, so a weight read
 * many times per version is packed once. Packing copies values, so products are unchanged bit for bit.
 */
final class PackedB {
    private static final int NR = GemmKernels.NR;

    final float[] data;
    final int K;
    final int N;

    private PackedB(float[] data, int K, int N) {
        this.data = data;
        this.K = K;
        this.N = N;
    }

    /** Panels needed for N columns. */
    static int panels(int N) {
        return (N + NR - 1) / NR;
    }

    /** All of B (K, N), stored in {@code layout} from bOff with row stride ldb, packed on up to {@code threads}. */
    static PackedB of(float[] b, int bOff, int ldb, Gemm.BLayout layout, int K, int N, int threads) {
        return new PackedB(new float[Math.multiplyExact(panels(N), K * NR)], K, N)
            .repack(b, bOff, ldb, layout, threads);
    }

    /** Packs B (K, N) again into this packing's own array (B of the same shape, e.g. a weight after a step). */
    PackedB repack(float[] b, int bOff, int ldb, Gemm.BLayout layout, int threads) {
        Parallel.forChunks(panels(N), (long) K * N < (1 << 16) ? 1 : threads,
            (g0, g1) -> pack(data, g0 * K * NR, K * NR, b, bOff, ldb, layout, N, 0, K, g0, g1));
        return this;
    }

    /**
     * Writes B[k0 + k, g*NR + j] for panels g in [g0, g1), k &lt; kc, j &lt; NR to
     * {@code dst[dstOff + (g - g0)*stride + k*NR + j]}, zero-filling columns past N.
     */
    static void pack(float[] dst, int dstOff, int stride, float[] b, int bOff, int ldb, Gemm.BLayout layout,
                     int N, int k0, int kc, int g0, int g1) {
        for (int g = g0; g < g1; g++) {
            int j0 = g * NR;
            int width = Math.min(NR, N - j0);
            int base = dstOff + (g - g0) * stride;
            if (layout == Gemm.BLayout.ROWS) {
                for (int k = 0; k < kc; k++) {
                    System.arraycopy(b, bOff + (k0 + k) * ldb + j0, dst, base + k * NR, width);
                }
            } else {
                int kb = 0;
                if (Transpose16.AVAILABLE && width == NR) {
                    // 16 × 16 blocks in registers; the k tail below goes scalar
                    for (; kb + 16 <= kc; kb += 16) {
                        for (int jv = 0; jv < NR; jv += 16) {
                            Transpose16.transpose(b, bOff + (j0 + jv) * ldb + k0 + kb, ldb, dst, base + kb * NR + jv, NR);
                        }
                    }
                }
                // 16 k at a time: the 16 × NR block written stays in L1 while the NR source rows stream.
                for (; kb < kc; kb += 16) {
                    int ke = Math.min(kc, kb + 16);
                    for (int j = 0; j < width; j++) {
                        int src = bOff + (j0 + j) * ldb + k0;
                        for (int k = kb; k < ke; k++) {
                            dst[base + k * NR + j] = b[src + k];
                        }
                    }
                }
            }
            if (width < NR) {
                for (int k = 0; k < kc; k++) {
                    Arrays.fill(dst, base + k * NR + width, base + (k + 1) * NR, 0f);
                }
            }
        }
    }
}
