package dev.hone.engine.io;

import java.lang.foreign.MemorySegment;

/**
 * How one storage dtype turns its little-endian bytes into fp32 and back. Each dtype is its own class
 * owning its conversions (STYLE 11: no central dtype switch); {@link DType} names them.
 * Element indices are in elements, not bytes. Reference: llama3.java {@code FloatTensor} subclasses.
 */
public sealed interface TensorCodec permits F32Codec, F16Codec, Bf16Codec {
    /** Bytes per element. */
    int byteSize();

    /** Element {@code index} of {@code data}, widened to fp32 exactly. */
    float getFloat(MemorySegment data, long index);

    /** Stores {@code value} as element {@code index}, rounding to nearest, ties to even. */
    void putFloat(MemorySegment data, long index, float value);

    /** out[i] = element (first + i) of data, for every i in out. */
    default void decode(MemorySegment data, long first, float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = getFloat(data, first + i);
        }
    }

    /** Element (first + i) of data = src[from + i] for i in [0, count). */
    default void encode(float[] src, int from, int count, MemorySegment data, long first) {
        for (int i = 0; i < count; i++) {
            putFloat(data, first + i, src[from + i]);
        }
    }
}
