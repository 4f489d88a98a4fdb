package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rounds fp32 activations to bf16 for mixed precision: round to nearest, ties to even, NaN to the
 * quiet NaN, exactly {@link Bf16Weight#fromFloat} (which is PyTorch's rounding). Two outputs: the bf16
 * bits (inputs of the native bf16 GEMM) or the rounded values kept as fp32 (inputs of the Java
 * kernels, so that the Vector API backend multiplies the same numbers the native one does). Each has
 * a scalar reference and a Vector API twin; the whole-array entry points split over {@link Parallel}.
 */
final class Bf16Rounding {
    private static final int PARALLEL_MIN = 1 << 16;
    /** Shorts with as many lanes as {@link Kernels#F}, for narrowing the rounded bits. */
    private static final VectorSpecies<Short> S =
        VectorSpecies.of(short.class, VectorShape.forBitSize(Kernels.F.vectorBitSize() / 2));

    private Bf16Rounding() {
    }

    /** dst[0 .. n) = bf16 bits of src[0 .. n), on the given thread count. */
    static void toBits(float[] src, short[] dst, int n, int threads) {
        Parallel.forChunks(n, n < PARALLEL_MIN ? 1 : threads,
            (start, end) -> toBitsRange(src, dst, start, end - start));
    }

    /** dst[0 .. n) = src[0 .. n) rounded to the nearest bf16 value, kept in fp32. */
    static void toFloats(float[] src, float[] dst, int n, int threads) {
        Parallel.forChunks(n, n < PARALLEL_MIN ? 1 : threads, (start, end) -> {
            if (Kernels.VECTOR) {
                toFloatsVector(src, dst, start, end - start);
            } else {
                toFloatsReference(src, dst, start, end - start);
            }
        });
    }

    /** dst[off .. off+n) = bf16 bits of src[off .. off+n) on the calling thread, on the configured kernels. */
    static void toBitsRange(float[] src, short[] dst, int off, int n) {
        if (Kernels.VECTOR) {
            toBitsVector(src, dst, off, n);
        } else {
            toBitsReference(src, dst, off, n);
        }
    }

    static void toBitsReference(float[] src, short[] dst, int off, int n) {
        for (int i = off; i < off + n; i++) {
            dst[i] = Bf16Weight.fromFloat(src[i]);
        }
    }

    static void toFloatsReference(float[] src, float[] dst, int off, int n) {
        for (int i = off; i < off + n; i++) {
            dst[i] = Float.intBitsToFloat(Bf16Weight.fromFloat(src[i]) << 16);
        }
    }

    /** Vector twin of {@link #toBitsReference}: the rounded int lanes narrowed to shorts. */
    static void toBitsVector(float[] src, short[] dst, int off, int n) {
        int L = Kernels.L;
        int bound = Kernels.F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            IntVector r = roundedBits(FloatVector.fromArray(Kernels.F, src, off + i));
            ((ShortVector) r.lanewise(VectorOperators.LSHR, 16).convertShape(VectorOperators.I2S, S, 0))
                .intoArray(dst, off + i);
        }
        toBitsReference(src, dst, off + i, n - i);
    }

    /** Vector twin of {@link #toFloatsReference}: the rounded bits with the low half cleared. */
    static void toFloatsVector(float[] src, float[] dst, int off, int n) {
        int L = Kernels.L;
        int bound = Kernels.F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            roundedBits(FloatVector.fromArray(Kernels.F, src, off + i)).reinterpretAsFloats().intoArray(dst, off + i);
        }
        toFloatsReference(src, dst, off + i, n - i);
    }

    /** The binary32 bits of each lane rounded to bf16, low 16 bits zero; NaN lanes → 0x7FC00000. */
    private static IntVector roundedBits(FloatVector v) {
        IntVector b = v.reinterpretAsInts();
        IntVector lsb = b.lanewise(VectorOperators.LSHR, 16).and(1);
        IntVector r = b.add(0x7FFF).add(lsb).and(0xFFFF0000);
        VectorMask<Float> nan = v.test(VectorOperators.IS_NAN);
        return r.blend(0x7FC00000, nan.cast(r.species()));
    }
}
