package dev.hone.engine.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * IEEE binary16 (1 sign, 5 exponent, 10 mantissa bits) stored little-endian. Widening is exact,
 * subnormals included; narrowing rounds to nearest, ties to even, overflowing to ±infinity, as
 * {@link Float#floatToFloat16} specifies (the same rounding PyTorch's {@code .half()} uses).
 */
public final class F16Codec implements TensorCodec {
    private static final ValueLayout.OfShort LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public int byteSize() {
        return 2;
    }

    @Override
    public float getFloat(MemorySegment data, long index) {
        return Float.float16ToFloat(data.getAtIndex(LE, index));
    }

    @Override
    public void putFloat(MemorySegment data, long index, float value) {
        data.setAtIndex(LE, index, Float.floatToFloat16(value));
    }
}
