package dev.hone.engine.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** IEEE binary32 stored little-endian: read and written as is. */
public final class F32Codec implements TensorCodec {
    private static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public int byteSize() {
        return 4;
    }

    @Override
    public float getFloat(MemorySegment data, long index) {
        return data.getAtIndex(LE, index);
    }

    @Override
    public void putFloat(MemorySegment data, long index, float value) {
        data.setAtIndex(LE, index, value);
    }

    @Override
    public void decode(MemorySegment data, long first, float[] out) {
        MemorySegment.copy(data, LE, first * 4, out, 0, out.length);
    }

    @Override
    public void encode(float[] src, int from, int count, MemorySegment data, long first) {
        MemorySegment.copy(src, from, data, LE, first * 4, count);
    }
}
