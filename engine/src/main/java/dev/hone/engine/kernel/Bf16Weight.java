package dev.hone.engine.kernel;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * A frozen (rows, cols) weight kept in bfloat16: the raw bits of a bf16 checkpoint, two bytes per
 * value, row-major in PyTorch Linear layout (OC, C). It owns its access (STYLE 11): {@link #getFloat}
 * and the row conversion {@link #toFloats} that the matmul kernels run per tile. Widening bf16 to fp32
 * is exact (the bits become the high half of a binary32), so a product with this weight equals the
 * fp32 product with the converted weight bit for bit. Not trainable: there is no bf16 gradient.
 * Reference: llama3.java {@code BF16FloatTensor}; the bf16 format as in {@code io.Bf16Codec}.
 */
public final class Bf16Weight {
    private static final VectorSpecies<Short> S =
            VectorSpecies.of(short.class, VectorShape.forBitSize(Kernels.F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I =
            VectorSpecies.of(int.class, VectorShape.forBitSize(Kernels.F.vectorBitSize()));

    private final short[] bits;
    private final int rows;
    private final int cols;

    /**
     * @param bits rows*cols bf16 values (the high 16 bits of each binary32), row-major; kept, not copied
     */
    public Bf16Weight(short[] bits, int rows, int cols) {
        if (rows < 0 || cols < 0 || bits.length != (long) rows * cols) {
            throw new IllegalArgumentException("bf16 weight (" + rows + ", " + cols + ") needs " + (long) rows * cols
                    + " values; found " + bits.length);
        }
        this.bits = bits;
        this.rows = rows;
        this.cols = cols;
    }

    /** A zero weight of the given shape, to be filled through {@link #bits()}. */
    public static Bf16Weight zeros(int rows, int cols) {
        return new Bf16Weight(new short[Math.multiplyExact(rows, cols)], rows, cols);
    }

    /** Rounds fp32 values to bf16 (nearest, ties to even; NaN to the quiet NaN), as PyTorch does. */
    public static Bf16Weight rounded(float[] values, int rows, int cols) {
        short[] b = new short[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = fromFloat(values[i]);
        }
        return new Bf16Weight(b, rows, cols);
    }

    /** bf16 bits nearest to {@code value}, ties to even. */
    public static short fromFloat(float value) {
        if (Float.isNaN(value)) {
            return (short) 0x7FC0;
        }
        int b = Float.floatToRawIntBits(value);
        return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
    }

    /** The stored bits (its own array: writing it changes the weight). */
    public short[] bits() {
        return bits;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return bits.length;
    }

    /** Element i (row-major), widened exactly to fp32. */
    public float getFloat(int i) {
        return Float.intBitsToFloat(bits[i] << 16);
    }

    /** Every value widened to fp32 (a new array). */
    public float[] toFloats() {
        float[] out = new float[bits.length];
        toFloats(0, rows, out, 0);
        return out;
    }

    /** dst[dstOff + i] = element (row0*cols + i) widened, for the n rows from row0. */
    public void toFloats(int row0, int n, float[] dst, int dstOff) {
        int count = n * cols;
        int src = row0 * cols;
        if (Kernels.VECTOR) {
            widenVector(bits, src, dst, dstOff, count);
        } else {
            widenReference(bits, src, dst, dstOff, count);
        }
    }

    /** Scalar spec of the widening: dst[d + i] = intBitsToFloat(src[s + i] &lt;&lt; 16). */
    static void widenReference(short[] src, int s, float[] dst, int d, int n) {
        for (int i = 0; i < n; i++) {
            dst[d + i] = Float.intBitsToFloat(src[s + i] << 16);
        }
    }

    /** Vector twin of {@link #widenReference}: short lanes → int lanes, shift left 16, reinterpret. */
    static void widenVector(short[] src, int s, float[] dst, int d, int n) {
        int L = S.length();
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            ShortVector v = ShortVector.fromArray(S, src, s + i);
            IntVector w = (IntVector) v.convertShape(VectorOperators.S2I, I, 0);
            w.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, d + i);
        }
        widenReference(src, s + i, dst, d + i, n - i);
    }
}
