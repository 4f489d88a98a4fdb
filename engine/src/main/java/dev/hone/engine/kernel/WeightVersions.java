package dev.hone.engine.kernel;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The invalidation hook for copies that kernels derive from a weight (a packed fp32 panel layout, a
 * cached bf16 or native copy): a weight array is <em>tracked</em> once its owner promises to report
 * every in-place write with {@link #changed}; each report gives it a new version, and a kernel reuses
 * a derived copy only while the version it was made from is current. Untracked arrays have no version
 * and are never cached, so code that writes weights without knowing this class stays correct.
 *
 * <p>{@code AdamW} tracks its parameters and reports them after every step; anything else that writes a
 * tracked array in place (a checkpoint restore into live parameters, merging an adapter) must call
 * {@link #changed} too. Arrays are held weakly: tracking never keeps a weight alive. Not a dirty-bit
 * scanner: a write that is not reported is not seen.
 */
public final class WeightVersions {
    private static final AtomicLong CLOCK = new AtomicLong();
    private static final Map<float[], Long> VERSIONS = Collections.synchronizedMap(new WeakHashMap<>());

    private WeightVersions() {
    }

    /**
     * Starts tracking {@code weight} (no effect if already tracked): from now on every in-place write
     * to it must be followed by {@link #changed} before the next matmul reads it.
     */
    public static void track(float[] weight) {
        VERSIONS.putIfAbsent(weight, CLOCK.incrementAndGet());
    }

    /** Reports an in-place write of {@code weight}: copies derived from it are stale. No effect if untracked. */
    public static void changed(float[] weight) {
        VERSIONS.computeIfPresent(weight, (w, v) -> CLOCK.incrementAndGet());
    }

    /**
     * Stops tracking {@code weight} and frees its packed copy (a cached bf16 copy lives until the array is
     * collected). Package-private: only kernel code and its tests end tracking today.
     */
    static void untrack(float[] weight) {
        VERSIONS.remove(weight);
        PackedWeights.drop(weight);
    }

    /** True while {@code weight} is tracked. */
    static boolean tracked(float[] weight) {
        return VERSIONS.containsKey(weight);
    }

    /** The current version of {@code weight}, unique across all arrays, or -1 when it is not tracked. */
    static long version(float[] weight) {
        Long v = VERSIONS.get(weight);
        return v == null ? -1 : v;
    }
}
