package dev.hone.engine.model;

import dev.hone.engine.io.DType;
import dev.hone.engine.kernel.Bf16Weight;

import java.util.Arrays;

/**
 * One named tensor of a model with its gradient, stored either as fp32 ({@code data}) or, for a frozen
 * linear weight of a bf16 checkpoint, as bf16 ({@code bf16}, then {@code data} is null).
 *
 * @param name  short engine name ({@code h0.wq}); the loader maps it to the Hugging Face name
 * @param shape row-major dimensions, e.g. (OC, C) for a projection
 * @param data  the fp32 values, length = product of shape; null when stored as bf16
 * @param grad  same length as data, or null when the tensor is frozen (no grad is kept)
 * @param bf16  the bf16 values (frozen only), or null when stored as fp32
 */
public record Parameter(String name, int[] shape, float[] data, float[] grad, Bf16Weight bf16) {
    public Parameter {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if ((data == null) == (bf16 == null)) {
            throw new IllegalArgumentException("parameter " + name + " needs exactly one of fp32 data or bf16 values");
        }
        long stored = data != null ? data.length : bf16.size();
        if (n != stored || (grad != null && (data == null || grad.length != data.length))) {
            throw new IllegalArgumentException("parameter " + name + " has shape " + Arrays.toString(shape)
                    + " (" + n + " values) but " + (data == null ? "bf16" : "data") + " length " + stored
                    + (grad == null ? "" : " and grad length " + grad.length + " (bf16 tensors are frozen)"));
        }
    }

    /** An fp32 parameter. */
    public Parameter(String name, int[] shape, float[] data, float[] grad) {
        this(name, shape, data, grad, null);
    }

    public boolean trainable() {
        return grad != null;
    }

    public int size() {
        return data != null ? data.length : bf16.size();
    }

    /** How the values are stored: F32 or BF16. */
    public DType dtype() {
        return data != null ? DType.F32 : DType.BF16;
    }

    /** Bytes the values occupy (grad not counted). */
    public long bytes() {
        return (long) size() * dtype().byteSize();
    }

    /** The values as fp32: {@code data} itself, or a widened copy of the bf16 values. */
    public float[] floats() {
        return data != null ? data : bf16.toFloats();
    }
}
