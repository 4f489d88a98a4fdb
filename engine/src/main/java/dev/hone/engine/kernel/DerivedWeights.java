package dev.hone.engine.kernel;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiFunction;

/**
 * A copy derived from each weight array (for example its bf16 rounding), built on first use and
 * rebuilt when the weight's {@link WeightVersions version} moved. Keys are the weight arrays by
 * identity, held weakly. Thread-safe; a rebuild runs under the lock, so two threads never derive
 * the same weight twice.
 *
 * @param <T> the derived form
 */
final class DerivedWeights<T> {
    private record Entry<T>(long version, T value) {
    }

    private final Map<float[], Entry<T>> entries = new WeakHashMap<>();
    private final BiFunction<float[], T, T> derive;

    /**
     * @param derive builds the derived form from the weight's current values; its second argument is the
     *               stale form to refill (no allocation per optimizer step), or null when there is none
     */
    DerivedWeights(BiFunction<float[], T, T> derive) {
        this.derive = derive;
    }

    /** The derived form of {@code weight}'s current values; derived afresh, not kept, when it is untracked. */
    synchronized T get(float[] weight) {
        long version = WeightVersions.version(weight);
        if (version < 0) {
            // nobody promised to report writes to it: a kept copy could go stale
            return derive.apply(weight, null);
        }
        Entry<T> e = entries.get(weight);
        if (e == null || e.version() != version) {
            e = new Entry<>(version, derive.apply(weight, e == null ? null : e.value()));
            entries.put(weight, e);
        }
        return e.value();
    }
}
