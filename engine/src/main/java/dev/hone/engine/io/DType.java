package dev.hone.engine.io;

import java.util.Optional;

/**
 * The floating-point storage types Hone reads and writes, named as in the safetensors header.
 * Conversions live in each type's {@link TensorCodec} class, not here.
 */
public enum DType {
    F32(new F32Codec()),
    F16(new F16Codec()),
    BF16(new Bf16Codec());

    private final TensorCodec codec;

    DType(TensorCodec codec) {
        this.codec = codec;
    }

    /** The conversions to and from fp32 for this type. */
    public TensorCodec codec() {
        return codec;
    }

    /** Bytes per element. */
    public int byteSize() {
        return codec.byteSize();
    }

    /** The name used in safetensors headers ({@code "F32"}, {@code "F16"}, {@code "BF16"}). */
    public String safetensorsName() {
        return name();
    }

    /** The type for a safetensors dtype name, or empty when Hone does not convert that type. */
    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
