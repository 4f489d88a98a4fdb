package dev.hone.engine.model;

import dev.hone.engine.io.TensorStore;

import java.util.Set;

/**
 * Where a loader reads named tensors from: the subset of {@link TensorStore} the model loaders need,
 * so they can also be fed from memory in tests.
 */
public interface TensorSource {
    Set<String> names();

    /** Dimensions of a stored tensor. */
    long[] shape(String name);

    /** Values converted to fp32. */
    float[] floats(String name);

    /** Reads from an open safetensors store. */
    static TensorSource of(TensorStore store) {
        return new TensorSource() {
            @Override
            public Set<String> names() {
                return store.names();
            }

            @Override
            public long[] shape(String name) {
                return store.shape(name);
            }

            @Override
            public float[] floats(String name) {
                return store.floats(name);
            }
        };
    }
}
