package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The one Vector API matrix product behind every matmul form: out (M, N) += A (M, K) · B (K, N).
 * A is read in place through a row and a column stride (row-major inp/dout, or attention's Pᵀ read
 * column-wise); out and B may be strided views (one head of q, k, v); B is packed per (KC × NR) panel
 * into a thread-local buffer so the micro-kernel streams it contiguously.
 * The micro-kernel keeps an MR × NR tile of out in registers (4 rows × 3 vectors) and, for each k,
 * broadcasts one A value per row and issues one fused multiply-add per vector.
 *
 * <p>Every element of out gets exactly the operations {@code acc = fma(A[i,k], B[k,j], acc)} for
 * k = 0..K-1 in order, starting from its previous value, whatever the tile, panel, K block or
 * thread: the result is bitwise that of the scalar {@link MatmulReference} and does not depend on
 * the thread count. Not a general BLAS: no alpha/beta, no transposed out.
 * Reference: the BLIS micro-kernel / packing design (Van Zee and van de Geijn, 2015).
 */
final class Gemm {
    private static final VectorSpecies<Float> F = Kernels.F;
    private static final int L = Kernels.L;
    static final int MR = 4;
    static final int NR = 3 * L;
    static final int KC = 512;
    /** Products below this many multiply-adds run on the calling thread. */
    private static final long PARALLEL_MIN_MACS = 1L << 18;

    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[KC * NR]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private Gemm() {
    }

    /** How B (K, N) is stored, with row stride ldb. */
    enum BLayout {
        /** b[bOff + k*ldb + j]: row-major (K, N), as weight (OC, C) is for dinp = dout · weight. */
        ROWS,
        /** b[bOff + j*ldb + k]: stored as (N, K), as weight (OC, C) is for out = inp · weightᵀ. */
        TRANSPOSED
    }

    /** The strided form below with dense operands: out row stride N, B row stride N (ROWS) or K (TRANSPOSED). */
    static void multiplyAdd(float[] out, int outOff, float[] a, int aOff, int ars, int aks, float[] b,
                            BLayout layout, int M, int N, int K, int threads) {
        multiplyAdd(out, outOff, N, a, aOff, ars, aks, b, 0, layout == BLayout.ROWS ? N : K, layout,
            M, N, K, threads);
    }

    /**
     * out[outOff + i*ldc + j] += Σ_k a[aOff + i*ars + k*aks] · B[k, j].
     *
     * @param out     (M, N) from outOff with row stride ldc, accumulated into
     * @param a       A with element (i, k) at {@code aOff + i*ars + k*aks}
     * @param b       B in the given layout from bOff with row stride ldb
     * @param threads chunk count for {@link Parallel#forChunks(int, int, Parallel.RangeBody)}
     */
    static void multiplyAdd(float[] out, int outOff, int ldc, float[] a, int aOff, int ars, int aks,
                            float[] b, int bOff, int ldb, BLayout layout, int M, int N, int K, int threads) {
        if (M == 0 || N == 0 || K == 0) {
            return;
        }
        int panels = (N + NR - 1) / NR;
        int mBlocks = (M + MR - 1) / MR;
        int mChunks = panels >= threads ? 1 : Math.min(mBlocks, (threads + panels - 1) / panels);
        int parts = (long) M * N * K < PARALLEL_MIN_MACS ? 1 : threads;
        Parallel.forChunks(panels * mChunks, parts, (start, end) -> {
            float[] panel = PANEL.get();
            float[] tile = TILE.get();
            for (int task = start; task < end; task++) {
                int j0 = (task / mChunks) * NR;
                int chunk = task % mChunks;
                int i0 = (int) ((long) chunk * mBlocks / mChunks) * MR;
                int i1 = Math.min(M, (int) ((long) (chunk + 1) * mBlocks / mChunks) * MR);
                for (int k0 = 0; k0 < K; k0 += KC) {
                    int kc = Math.min(KC, K - k0);
                    pack(panel, b, bOff, ldb, layout, N, k0, kc, j0);
                    rows(out, outOff, ldc, a, aOff, ars, aks, panel, tile, N, k0, kc, j0, i0, i1);
                }
            }
        });
    }

    /** Runs the micro-kernels over rows [i0, i1) of one packed (kc × NR) panel at columns j0. */
    private static void rows(float[] out, int outOff, int ldc, float[] a, int aOff, int ars, int aks,
                             float[] panel, float[] tile, int N, int k0, int kc, int j0, int i0, int i1) {
        int width = Math.min(NR, N - j0);
        int i = i0;
        for (; i + MR <= i1; i += MR) {
            int p = aOff + i * ars + k0 * aks;
            if (width == NR) {
                kernel4(a, p, aks, ars, panel, kc, out, outOff + i * ldc + j0, ldc);
            } else {
                for (int r = 0; r < MR; r++) {
                    System.arraycopy(out, outOff + (i + r) * ldc + j0, tile, r * NR, width);
                }
                kernel4(a, p, aks, ars, panel, kc, tile, 0, NR);
                for (int r = 0; r < MR; r++) {
                    System.arraycopy(tile, r * NR, out, outOff + (i + r) * ldc + j0, width);
                }
            }
        }
        for (; i < i1; i++) {
            int p = aOff + i * ars + k0 * aks;
            if (width == NR) {
                kernel1(a, p, aks, panel, kc, out, outOff + i * ldc + j0);
            } else {
                System.arraycopy(out, outOff + i * ldc + j0, tile, 0, width);
                kernel1(a, p, aks, panel, kc, tile, 0);
                System.arraycopy(tile, 0, out, outOff + i * ldc + j0, width);
            }
        }
    }

    /** Copies B[k0 .. k0+kc, j0 .. j0+NR] into panel[k*NR + j], zero-filling columns past N. */
    private static void pack(float[] panel, float[] b, int bOff, int ldb, BLayout layout, int N, int k0, int kc,
                             int j0) {
        int width = Math.min(NR, N - j0);
        if (layout == BLayout.ROWS) {
            for (int k = 0; k < kc; k++) {
                System.arraycopy(b, bOff + (k0 + k) * ldb + j0, panel, k * NR, width);
            }
        } else {
            // 16 k at a time: the 16 × NR block written stays in L1 while the NR source rows stream.
            for (int kb = 0; kb < kc; kb += 16) {
                int ke = Math.min(kc, kb + 16);
                for (int j = 0; j < width; j++) {
                    int src = bOff + (j0 + j) * ldb + k0;
                    for (int k = kb; k < ke; k++) {
                        panel[k * NR + j] = b[src + k];
                    }
                }
            }
        }
        if (width < NR) {
            for (int k = 0; k < kc; k++) {
                Arrays.fill(panel, k * NR + width, (k + 1) * NR, 0f);
            }
        }
    }

    /** c[c0 + r*ldc + j] += Σ_k a[p + r*rs + k*ks] · panel[k*NR + j] for r < 4, j < NR. */
    private static void kernel4(float[] a, int p, int ks, int rs, float[] panel, int kc,
                                float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector x00 = FloatVector.fromArray(F, c, c0);
        FloatVector x01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector x02 = FloatVector.fromArray(F, c, c0 + 2 * L);
        FloatVector x10 = FloatVector.fromArray(F, c, c1);
        FloatVector x11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector x12 = FloatVector.fromArray(F, c, c1 + 2 * L);
        FloatVector x20 = FloatVector.fromArray(F, c, c2);
        FloatVector x21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector x22 = FloatVector.fromArray(F, c, c2 + 2 * L);
        FloatVector x30 = FloatVector.fromArray(F, c, c3);
        FloatVector x31 = FloatVector.fromArray(F, c, c3 + L);
        FloatVector x32 = FloatVector.fromArray(F, c, c3 + 2 * L);
        int q = 0;
        for (int k = 0; k < kc; k++, p += ks, q += NR) {
            FloatVector b0 = FloatVector.fromArray(F, panel, q);
            FloatVector b1 = FloatVector.fromArray(F, panel, q + L);
            FloatVector b2 = FloatVector.fromArray(F, panel, q + 2 * L);
            FloatVector v = FloatVector.broadcast(F, a[p]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            x02 = v.fma(b2, x02);
            v = FloatVector.broadcast(F, a[p + rs]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            x12 = v.fma(b2, x12);
            v = FloatVector.broadcast(F, a[p + 2 * rs]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            x22 = v.fma(b2, x22);
            v = FloatVector.broadcast(F, a[p + 3 * rs]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
            x32 = v.fma(b2, x32);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
    }

    /** One-row twin of {@link #kernel4} for the rows left over after the 4-row tiles. */
    private static void kernel1(float[] a, int p, int ks, float[] panel, int kc, float[] c, int c0) {
        FloatVector x0 = FloatVector.fromArray(F, c, c0);
        FloatVector x1 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector x2 = FloatVector.fromArray(F, c, c0 + 2 * L);
        int q = 0;
        for (int k = 0; k < kc; k++, p += ks, q += NR) {
            FloatVector v = FloatVector.broadcast(F, a[p]);
            x0 = v.fma(FloatVector.fromArray(F, panel, q), x0);
            x1 = v.fma(FloatVector.fromArray(F, panel, q + L), x1);
            x2 = v.fma(FloatVector.fromArray(F, panel, q + 2 * L), x2);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + L);
        x2.intoArray(c, c0 + 2 * L);
    }
}
