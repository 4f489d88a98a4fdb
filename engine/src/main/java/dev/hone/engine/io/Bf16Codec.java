package dev.hone.engine.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * bfloat16 (the top 16 bits of a binary32) stored little-endian. Widening shifts the bits up and is
 * exact. Narrowing rounds to nearest, ties to even, on the 16 dropped bits; every NaN becomes the
 * canonical quiet NaN 0x7FC0. This matches PyTorch's {@code .to(torch.bfloat16)} bit for bit.
 */
public final class Bf16Codec implements TensorCodec {
    private static final ValueLayout.OfShort LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public int byteSize() {
        return 2;
    }

    @Override
    public float getFloat(MemorySegment data, long index) {
        return toFloat(data.getAtIndex(LE, index));
    }

    @Override
    public void putFloat(MemorySegment data, long index, float value) {
        data.setAtIndex(LE, index, fromFloat(value));
    }

    /** The fp32 value of bf16 bits {@code bits}: they become the high half of a binary32. */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** bf16 bits nearest to {@code value}, ties to even (adding 0x7FFF + lsb carries into the kept half). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) 0x7FC0;
        }
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }
}
