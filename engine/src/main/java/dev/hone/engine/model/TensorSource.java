package dev.hone.engine.model;

import java.util.Set;

/**
 * Where a loader reads named tensors from: the subset of {@code io.TensorStore} (contract B) the model
 * loaders need, so they can also be fed from memory in tests.
 */
public interface TensorSource {
    Set<String> names();

    /** Dimensions of a stored tensor. */
    long[] shape(String name);

    /** Values converted to fp32. */
    float[] floats(String name);
}
