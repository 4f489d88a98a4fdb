package dev.hone.engine.model;

import java.util.Arrays;

/**
 * One named fp32 tensor of a model with its gradient.
 *
 * @param name  short engine name ({@code h0.wq}); the loader maps it to the Hugging Face name
 * @param shape row-major dimensions, e.g. (OC, C) for a projection
 * @param data  the values, length = product of shape
 * @param grad  same length as data, or null when the tensor is frozen (no grad is kept)
 */
public record Parameter(String name, int[] shape, float[] data, float[] grad) {
    public Parameter {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != data.length || (grad != null && grad.length != data.length)) {
            throw new IllegalArgumentException("parameter " + name + " has shape " + Arrays.toString(shape)
                    + " (" + n + " values) but data length " + data.length
                    + (grad == null ? "" : " and grad length " + grad.length));
        }
    }

    public boolean trainable() {
        return grad != null;
    }

    public int size() {
        return data.length;
    }
}
