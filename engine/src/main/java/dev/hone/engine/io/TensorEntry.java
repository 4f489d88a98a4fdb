package dev.hone.engine.io;

import java.util.Optional;

/**
 * One tensor as its safetensors header describes it, already validated.
 *
 * @param name      the key
 * @param dtypeName the header's dtype string (a safetensors type; maybe one Hone does not convert)
 * @param shape     dimensions, outermost first
 * @param begin     first byte, relative to the start of the data section
 * @param end       one past the last byte, relative to the start of the data section
 */
public record TensorEntry(String name, String dtypeName, long[] shape, long begin, long end) {
    /** The element count: the product of the shape (1 for a scalar). */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The storage type, or empty for a safetensors type Hone does not convert (I64, U8, F64...). */
    public Optional<DType> dtype() {
        return DType.fromSafetensorsName(dtypeName);
    }
}
