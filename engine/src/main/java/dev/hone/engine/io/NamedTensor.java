package dev.hone.engine.io;

import java.util.Arrays;

/**
 * A named fp32 tensor to be written: {@code data} is row-major and holds exactly the product of
 * {@code shape} elements (checked here).
 *
 * @param name  the safetensors key, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param shape dimensions, outermost first; an empty array is a scalar (one element)
 * @param data  the values; not copied
 */
public record NamedTensor(String name, long[] shape, float[] data) {
    public NamedTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must be non-empty");
        }
        if (shape == null || data == null) {
            throw new IllegalArgumentException("tensor '" + name + "': shape and data must be non-null");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape "
                        + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
                    + " holds " + n + " elements but data has " + data.length);
        }
    }

    /** Convenience for a 1-D tensor. */
    public static NamedTensor vector(String name, float[] data) {
        return new NamedTensor(name, new long[] {data.length}, data);
    }
}
