package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernels of {@link Gemm}: c (rows × NR) += a (rows × kc) · b (kc × NR), with b a
 * packed panel (row k of the panel at {@code q + k*NR}) and a read in place through a row stride rs and a
 * k stride ks. The tile of c stays in {@code FloatVector} locals for the whole kc loop; for each k one
 * value of a per row is broadcast and one fused multiply-add issued per accumulator, so every element
 * gets {@code acc = fma(a[i,k], b[k,j], acc)} in k order, exactly as {@link MatmulReference} does.
 * Tiles: 8 rows × 3 vectors (24 accumulators of AVX-512's 32 registers; measured here against 4×3, 6×4
 * and packed-A variants: 8×3 in place and 6×4 tie, 4×3 is about 10 % slower), 4 × 3 (the main tile
 * where vectors are 256-bit and only 16 registers exist, and the 4..7-row tail), and 1 × 3 for the rest;
 * 8 × 1 and 8 × 2 for partial panels one or two vectors wide, which would otherwise run a whole 8 × 3
 * tile on a padded copy.
 */
final class GemmKernels {
    private static final VectorSpecies<Float> F = Kernels.F;
    private static final int L = Kernels.L;
    /** Columns of a packed panel: three vectors. */
    static final int NR = 3 * L;

    private GemmKernels() {
    }

    /** c[c0 + r*ldc + j] += Σ_k a[p + r*rs + k*ks] · b[q + k*NR + j] for r &lt; 8, j &lt; NR. */
    static void kernel8(float[] a, int p, int ks, int rs, float[] b, int q, int kc, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
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
        FloatVector x40 = FloatVector.fromArray(F, c, c4);
        FloatVector x41 = FloatVector.fromArray(F, c, c4 + L);
        FloatVector x42 = FloatVector.fromArray(F, c, c4 + 2 * L);
        FloatVector x50 = FloatVector.fromArray(F, c, c5);
        FloatVector x51 = FloatVector.fromArray(F, c, c5 + L);
        FloatVector x52 = FloatVector.fromArray(F, c, c5 + 2 * L);
        FloatVector x60 = FloatVector.fromArray(F, c, c6);
        FloatVector x61 = FloatVector.fromArray(F, c, c6 + L);
        FloatVector x62 = FloatVector.fromArray(F, c, c6 + 2 * L);
        FloatVector x70 = FloatVector.fromArray(F, c, c7);
        FloatVector x71 = FloatVector.fromArray(F, c, c7 + L);
        FloatVector x72 = FloatVector.fromArray(F, c, c7 + 2 * L);
        for (int k = 0; k < kc; k++) {
            int qk = q + k * NR;
            int pk = p + k * ks;
            FloatVector b0 = FloatVector.fromArray(F, b, qk);
            FloatVector b1 = FloatVector.fromArray(F, b, qk + L);
            FloatVector b2 = FloatVector.fromArray(F, b, qk + 2 * L);
            FloatVector v = FloatVector.broadcast(F, a[pk]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            x02 = v.fma(b2, x02);
            v = FloatVector.broadcast(F, a[pk + rs]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            x12 = v.fma(b2, x12);
            v = FloatVector.broadcast(F, a[pk + 2 * rs]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            x22 = v.fma(b2, x22);
            v = FloatVector.broadcast(F, a[pk + 3 * rs]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
            x32 = v.fma(b2, x32);
            v = FloatVector.broadcast(F, a[pk + 4 * rs]);
            x40 = v.fma(b0, x40);
            x41 = v.fma(b1, x41);
            x42 = v.fma(b2, x42);
            v = FloatVector.broadcast(F, a[pk + 5 * rs]);
            x50 = v.fma(b0, x50);
            x51 = v.fma(b1, x51);
            x52 = v.fma(b2, x52);
            v = FloatVector.broadcast(F, a[pk + 6 * rs]);
            x60 = v.fma(b0, x60);
            x61 = v.fma(b1, x61);
            x62 = v.fma(b2, x62);
            v = FloatVector.broadcast(F, a[pk + 7 * rs]);
            x70 = v.fma(b0, x70);
            x71 = v.fma(b1, x71);
            x72 = v.fma(b2, x72);
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
        x40.intoArray(c, c4);
        x41.intoArray(c, c4 + L);
        x42.intoArray(c, c4 + 2 * L);
        x50.intoArray(c, c5);
        x51.intoArray(c, c5 + L);
        x52.intoArray(c, c5 + 2 * L);
        x60.intoArray(c, c6);
        x61.intoArray(c, c6 + L);
        x62.intoArray(c, c6 + 2 * L);
        x70.intoArray(c, c7);
        x71.intoArray(c, c7 + L);
        x72.intoArray(c, c7 + 2 * L);
    }

    /** The 4-row twin of {@link #kernel8}. */
    static void kernel4(float[] a, int p, int ks, int rs, float[] b, int q, int kc, float[] c, int c0, int ldc) {
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
        for (int k = 0; k < kc; k++) {
            int qk = q + k * NR;
            int pk = p + k * ks;
            FloatVector b0 = FloatVector.fromArray(F, b, qk);
            FloatVector b1 = FloatVector.fromArray(F, b, qk + L);
            FloatVector b2 = FloatVector.fromArray(F, b, qk + 2 * L);
            FloatVector v = FloatVector.broadcast(F, a[pk]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            x02 = v.fma(b2, x02);
            v = FloatVector.broadcast(F, a[pk + rs]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            x12 = v.fma(b2, x12);
            v = FloatVector.broadcast(F, a[pk + 2 * rs]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            x22 = v.fma(b2, x22);
            v = FloatVector.broadcast(F, a[pk + 3 * rs]);
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

    /**
     * {@link #kernel8} over the first vector of the panel only: a partial panel L columns wide (attention's
     * head size 64 = one full panel + one vector). Same operations per element, so the same bits.
     */
    static void kernel8x1(float[] a, int p, int ks, int rs, float[] b, int q, int kc, float[] c, int c0, int ldc) {
        FloatVector x0 = FloatVector.fromArray(F, c, c0);
        FloatVector x1 = FloatVector.fromArray(F, c, c0 + ldc);
        FloatVector x2 = FloatVector.fromArray(F, c, c0 + 2 * ldc);
        FloatVector x3 = FloatVector.fromArray(F, c, c0 + 3 * ldc);
        FloatVector x4 = FloatVector.fromArray(F, c, c0 + 4 * ldc);
        FloatVector x5 = FloatVector.fromArray(F, c, c0 + 5 * ldc);
        FloatVector x6 = FloatVector.fromArray(F, c, c0 + 6 * ldc);
        FloatVector x7 = FloatVector.fromArray(F, c, c0 + 7 * ldc);
        for (int k = 0; k < kc; k++) {
            int pk = p + k * ks;
            FloatVector b0 = FloatVector.fromArray(F, b, q + k * NR);
            x0 = FloatVector.broadcast(F, a[pk]).fma(b0, x0);
            x1 = FloatVector.broadcast(F, a[pk + rs]).fma(b0, x1);
            x2 = FloatVector.broadcast(F, a[pk + 2 * rs]).fma(b0, x2);
            x3 = FloatVector.broadcast(F, a[pk + 3 * rs]).fma(b0, x3);
            x4 = FloatVector.broadcast(F, a[pk + 4 * rs]).fma(b0, x4);
            x5 = FloatVector.broadcast(F, a[pk + 5 * rs]).fma(b0, x5);
            x6 = FloatVector.broadcast(F, a[pk + 6 * rs]).fma(b0, x6);
            x7 = FloatVector.broadcast(F, a[pk + 7 * rs]).fma(b0, x7);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + ldc);
        x2.intoArray(c, c0 + 2 * ldc);
        x3.intoArray(c, c0 + 3 * ldc);
        x4.intoArray(c, c0 + 4 * ldc);
        x5.intoArray(c, c0 + 5 * ldc);
        x6.intoArray(c, c0 + 6 * ldc);
        x7.intoArray(c, c0 + 7 * ldc);
    }

    /** {@link #kernel8} over the first two vectors of the panel: a partial panel 2L columns wide. */
    static void kernel8x2(float[] a, int p, int ks, int rs, float[] b, int q, int kc, float[] c, int c0, int ldc) {
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        FloatVector x00 = FloatVector.fromArray(F, c, c0);
        FloatVector x01 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector x10 = FloatVector.fromArray(F, c, c1);
        FloatVector x11 = FloatVector.fromArray(F, c, c1 + L);
        FloatVector x20 = FloatVector.fromArray(F, c, c2);
        FloatVector x21 = FloatVector.fromArray(F, c, c2 + L);
        FloatVector x30 = FloatVector.fromArray(F, c, c3);
        FloatVector x31 = FloatVector.fromArray(F, c, c3 + L);
        FloatVector x40 = FloatVector.fromArray(F, c, c4);
        FloatVector x41 = FloatVector.fromArray(F, c, c4 + L);
        FloatVector x50 = FloatVector.fromArray(F, c, c5);
        FloatVector x51 = FloatVector.fromArray(F, c, c5 + L);
        FloatVector x60 = FloatVector.fromArray(F, c, c6);
        FloatVector x61 = FloatVector.fromArray(F, c, c6 + L);
        FloatVector x70 = FloatVector.fromArray(F, c, c7);
        FloatVector x71 = FloatVector.fromArray(F, c, c7 + L);
        for (int k = 0; k < kc; k++) {
            int qk = q + k * NR;
            int pk = p + k * ks;
            FloatVector b0 = FloatVector.fromArray(F, b, qk);
            FloatVector b1 = FloatVector.fromArray(F, b, qk + L);
            FloatVector v = FloatVector.broadcast(F, a[pk]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            v = FloatVector.broadcast(F, a[pk + rs]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            v = FloatVector.broadcast(F, a[pk + 2 * rs]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            v = FloatVector.broadcast(F, a[pk + 3 * rs]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
            v = FloatVector.broadcast(F, a[pk + 4 * rs]);
            x40 = v.fma(b0, x40);
            x41 = v.fma(b1, x41);
            v = FloatVector.broadcast(F, a[pk + 5 * rs]);
            x50 = v.fma(b0, x50);
            x51 = v.fma(b1, x51);
            v = FloatVector.broadcast(F, a[pk + 6 * rs]);
            x60 = v.fma(b0, x60);
            x61 = v.fma(b1, x61);
            v = FloatVector.broadcast(F, a[pk + 7 * rs]);
            x70 = v.fma(b0, x70);
            x71 = v.fma(b1, x71);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x40.intoArray(c, c4);
        x41.intoArray(c, c4 + L);
        x50.intoArray(c, c5);
        x51.intoArray(c, c5 + L);
        x60.intoArray(c, c6);
        x61.intoArray(c, c6 + L);
        x70.intoArray(c, c7);
        x71.intoArray(c, c7 + L);
    }

    /** The 1-row twin of {@link #kernel8}, for the rows left after the 8- and 4-row tiles. */
    static void kernel1(float[] a, int p, int ks, float[] b, int q, int kc, float[] c, int c0) {
        FloatVector x0 = FloatVector.fromArray(F, c, c0);
        FloatVector x1 = FloatVector.fromArray(F, c, c0 + L);
        FloatVector x2 = FloatVector.fromArray(F, c, c0 + 2 * L);
        for (int k = 0; k < kc; k++) {
            int qk = q + k * NR;
            FloatVector v = FloatVector.broadcast(F, a[p + k * ks]);
            x0 = v.fma(FloatVector.fromArray(F, b, qk), x0);
            x1 = v.fma(FloatVector.fromArray(F, b, qk + L), x1);
            x2 = v.fma(FloatVector.fromArray(F, b, qk + 2 * L), x2);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c0 + L);
        x2.intoArray(c, c0 + 2 * L);
    }
}
