package dev.hone.engine.kernel;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Version numbers of weight arrays, so kernels may keep a derived copy of a weight (its bf16 rounding
 * for mixed precision, a packed layout) and rebuild it only when the weight changed. Whoever writes a
 * weight in place after it may have gone through a matmul calls {@link #changed} on it: the optimizer
 * after each step, loaders that fill existing tensors. A weight that was never reported has version 0.
 * Arrays are held weakly (identity keys), so a dropped model frees its entries. Thread-safe.
 * Not a general cache: see {@link DerivedWeights} for the copies themselves.
 */
public final class WeightVersions {
    private static final Map<float[], long[]> VERSIONS = new WeakHashMap<>();

    private WeightVersions() {
    }

    /**
     * Reports that the values of {@code weight} were written: every derived copy of it is stale.
     *
     * @param weight the weight array (the same array the matmul received)
     */
    public static void changed(float[] weight) {
        synchronized (VERSIONS) {
            VERSIONS.computeIfAbsent(weight, w -> new long[1])[0]++;
        }
    }

    /** The current version of {@code weight}: 0 until the first {@link #changed}, then one more each time. */
    public static long version(float[] weight) {
        synchronized (VERSIONS) {
            long[] v = VERSIONS.get(weight);
            return v == null ? 0 : v[0];
        }
    }
}
