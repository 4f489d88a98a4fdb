package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one Vector API matrix product behind every matmul form: out (M, N) += A (M, K) · B (K, N).
 * A is read in place through a row and a column stride (row-major inp/dout, or a transposed view such
 * as doutᵀ or attention's Pᵀ); out and B may be strided views (one head of q, k, v). B is packed in
 * panels of NR columns ({@link PackedB}), per call into a thread-local buffer, or once per weight
 * version by {@link PackedWeights}. The micro-kernels ({@link GemmKernels}) keep an MR × NR tile of out
 * in registers.
 *
 * <p>Blocking (after BLIS): each thread owns a range of column panels (or, when the panels do not split
 * evenly over the threads, a range of row tiles); per group of {@value #GROUP} panels and per block of
 * {@value #KC} k it packs that (KC × GROUP·NR) block of B (≈ 384 KB, L2), then sweeps its rows in blocks
 * of {@value #MC} (an A block of 128 KB, L2) over every panel of the group, one MR-row tile at a time.
 * A is read in place, except a column-wise A over enough panels, whose block is first copied into
 * k-major row tiles. Out tiles are loaded and stored once per K block.
 *
 * <p>Every element of out gets exactly the operations {@code acc = fma(A[i,k], B[k,j], acc)} for
 * k = 0..K-1 in order, starting from its previous value, whatever the tile, panel, K block or
 * thread: the result is bitwise that of the scalar {@link MatmulReference} and does not depend on
 * the thread count. Not a general BLAS: no alpha/beta, no transposed out.
 * Reference: the BLIS micro-kernel / packing design (Van Zee and van de Geijn, 2015).
 */
final class Gemm {
    /** Rows of the main register tile: 8 with 32 vector registers (AVX-512), else 4. */
    static final int MR = Kernels.L >= 16 ? 8 : 4;
    static final int NR = GemmKernels.NR;
    /** Forwards of fewer rows than this take MatmulVector's dot-product path instead of a packed product. */
    static final int FEW_ROWS = 4;
    static final int KC = 256;
    static final int MC = 128;
    static final int GROUP = 8;
    /** Column panels a thread must own before a column-wise A is packed: the copy is amortised over them. */
    private static final int PACK_A_MIN_PANELS = 4;
    /** Products below this many multiply-adds run on the calling thread. */
    private static final long PARALLEL_MIN_MACS = 1L << 18;

    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[GROUP * KC * NR]);
    private static final VectorSpecies<Float> EIGHT = FloatVector.SPECIES_256;
    private static final ThreadLocal<float[]> APACK = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[8 * NR]);

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
        run(new Operands(out, outOff, ldc, a, aOff, ars, aks, b, bOff, ldb, layout, null), M, N, K, threads);
    }

    /** The same product with B already packed (its K and N are the product's). */
    static void multiplyAdd(float[] out, int outOff, int ldc, float[] a, int aOff, int ars, int aks,
                            PackedB packed, int M, int threads) {
        run(new Operands(out, outOff, ldc, a, aOff, ars, aks, null, 0, 0, null, packed), M, packed.N, packed.K,
            threads);
    }

    /** One call's operands; B is either (b, bOff, ldb, layout) or packed. */
    private record Operands(float[] out, int outOff, int ldc, float[] a, int aOff, int ars, int aks,
                            float[] b, int bOff, int ldb, BLayout layout, PackedB packed) {
    }

    private static void run(Operands o, int M, int N, int K, int threads) {
        if (M == 0 || N == 0 || K == 0) {
            return;
        }
        int panels = PackedB.panels(N);
        int tiles = (M + MR - 1) / MR;
        int parts = (long) M * N * K < PARALLEL_MIN_MACS ? 1 : Math.max(1, threads);
        // Split columns when they divide evenly (or are many); otherwise rows, so every thread gets a share.
        boolean byColumns = panels >= 4 * parts || panels % parts == 0 || tiles < parts;
        int gridN = byColumns ? Math.min(panels, parts) : 1;
        int gridM = byColumns ? 1 : Math.min(tiles, parts);
        Parallel.forChunks(gridN * gridM, gridN * gridM, (start, end) -> {
            for (int t = start; t < end; t++) {
                int tn = t / gridM;
                int tm = t % gridM;
                int i0 = (int) ((long) tm * tiles / gridM) * MR;
                int i1 = Math.min(M, (int) ((long) (tm + 1) * tiles / gridM) * MR);
                block(o, N, K, (int) ((long) tn * panels / gridN), (int) ((long) (tn + 1) * panels / gridN), i0, i1);
            }
        });
    }

    /** Column panels [p0, p1) × rows [i0, i1) of out, on the calling thread. */
    private static void block(Operands o, int N, int K, int p0, int p1, int i0, int i1) {
        float[] buf = o.packed == null ? BLOCK.get() : null;
        // A read column-wise (doutᵀ, attention's Pᵀ) across many columns: copy each (MC × KC) block into
        // MR-row tiles, k-major, so a tile's values for one k are adjacent instead of one cache line per k.
        // Over a few panels (attention's hs = 64) the copy costs more than it saves: read in place.
        float[] ap = o.ars == 1 && o.aks != 1 && p1 - p0 >= PACK_A_MIN_PANELS ? APACK.get() : null;
        for (int g0 = p0; g0 < p1; g0 += GROUP) {
            int g1 = Math.min(p1, g0 + GROUP);
            for (int k0 = 0; k0 < K; k0 += KC) {
                int kc = Math.min(KC, K - k0);
                float[] bp;
                int base;
                int stride;
                if (o.packed == null) {
                    PackedB.pack(buf, 0, kc * NR, o.b, o.bOff, o.ldb, o.layout, N, k0, kc, g0, g1);
                    bp = buf;
                    base = 0;
                    stride = kc * NR;
                } else {
                    bp = o.packed.data;
                    stride = K * NR;
                    base = g0 * stride + k0 * NR;
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int ie = Math.min(i1, ic + MC);
                    if (ap != null) {
                        packColumnsOfA(ap, o.a, o.aOff, o.aks, ic, ie, k0, kc);
                    }
                    for (int g = g0; g < g1; g++) {
                        rows(o, ap, bp, base + (g - g0) * stride, kc, N, k0, g * NR, ic, ie);
                    }
                }
            }
        }
    }

    /**
     * ap[t*kc*MR + k*MR + r] = A[ic + t*MR + r, k0 + k] for rows [ic, ie) of an A stored column-wise
     * (element (i, k) at aOff + i + k*aks): MR adjacent values per k, one short copy each.
     */
    private static void packColumnsOfA(float[] ap, float[] a, int aOff, int aks, int ic, int ie, int k0, int kc) {
        int full = MR == 8 ? (ie - ic) / 8 * 8 : 0;
        int tileStride = MR * kc;
        // k outer: each k reads one contiguous run of A (a row of the stored matrix). Tiles outer would
        // revisit lines aks floats apart, which for power-of-two strides all fall in one L1 set.
        for (int k = 0; k < kc; k++) {
            int src = aOff + ic + (k0 + k) * aks;
            int dst = k * MR;
            int r = 0;
            for (; r < full; r += 8, dst += tileStride) {
                FloatVector.fromArray(EIGHT, a, src + r).intoArray(ap, dst);
            }
            for (; r < ie - ic; r += MR, dst += tileStride) {
                System.arraycopy(a, src + r, ap, dst, Math.min(MR, ie - ic - r));
            }
        }
    }

    /**
     * Runs the micro-kernels over rows [i0, i1) of one packed (kc × NR) panel at columns j0. A is read in
     * place, or from ap when {@link #packColumnsOfA} packed this row block.
     */
    private static void rows(Operands o, float[] ap, float[] bp, int q, int kc, int N, int k0, int j0, int i0,
                             int i1) {
        int width = Math.min(NR, N - j0);
        float[] a = ap == null ? o.a : ap;
        int ks = ap == null ? o.aks : MR;
        int rs = ap == null ? o.ars : 1;
        int i = i0;
        if (width == NR) {
            float[] c = o.out;
            int ldc = o.ldc;
            for (; MR == 8 && i + 8 <= i1; i += 8) {
                GemmKernels.kernel8(a, aAt(o, ap, i, i0, k0, kc), ks, rs, bp, q, kc, c, o.outOff + i * ldc + j0, ldc);
            }
            for (; i + 4 <= i1; i += 4) {
                GemmKernels.kernel4(a, aAt(o, ap, i, i0, k0, kc), ks, rs, bp, q, kc, c, o.outOff + i * ldc + j0, ldc);
            }
            for (; i < i1; i++) {
                GemmKernels.kernel1(a, aAt(o, ap, i, i0, k0, kc), ks, bp, q, kc, c, o.outOff + i * ldc + j0);
            }
            return;
        }
        // A partial panel of one or two whole vectors: narrow 8-row kernels, in place.
        if (MR == 8 && (width == Kernels.L || width == 2 * Kernels.L)) {
            float[] c = o.out;
            int ldc = o.ldc;
            for (; i + 8 <= i1; i += 8) {
                int p = aAt(o, ap, i, i0, k0, kc);
                int c0 = o.outOff + i * ldc + j0;
                if (width == Kernels.L) {
                    GemmKernels.kernel8x1(a, p, ks, rs, bp, q, kc, c, c0, ldc);
                } else {
                    GemmKernels.kernel8x2(a, p, ks, rs, bp, q, kc, c, c0, ldc);
                }
            }
        }
        // Otherwise (and for the last rows): run the tile on a copy so the kernels never touch columns past N.
        float[] tile = TILE.get();
        while (i < i1) {
            int r = i1 - i >= MR ? MR : i1 - i >= 4 ? 4 : 1;
            for (int rr = 0; rr < r; rr++) {
                System.arraycopy(o.out, o.outOff + (i + rr) * o.ldc + j0, tile, rr * NR, width);
            }
            int p = aAt(o, ap, i, i0, k0, kc);
            if (r == 8) {
                GemmKernels.kernel8(a, p, ks, rs, bp, q, kc, tile, 0, NR);
            } else if (r == 4) {
                GemmKernels.kernel4(a, p, ks, rs, bp, q, kc, tile, 0, NR);
            } else {
                GemmKernels.kernel1(a, p, ks, bp, q, kc, tile, 0);
            }
            for (int rr = 0; rr < r; rr++) {
                System.arraycopy(tile, rr * NR, o.out, o.outOff + (i + rr) * o.ldc + j0, width);
            }
            i += r;
        }
    }

    /** Offset of A[i, k0] in place, or in the packed row block that starts at row ic. */
    private static int aAt(Operands o, float[] ap, int i, int ic, int k0, int kc) {
        if (ap == null) {
            return o.aOff + i * o.ars + k0 * o.aks;
        }
        int r = i - ic;
        return (r / MR) * MR * kc + r % MR;
    }
}
