package dev.hone.engine.kernel;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Packed copies of tracked weights ({@link WeightVersions}) in the layout the forward
 * {@code out = inp · weightᵀ} reads, made on first use and reused while the weight's version is
 * unchanged, so a weight read by several forwards per optimizer step (gradient accumulation,
 * recomputation, evaluation, generation) is transposed into panels once per version instead of once per
 * call. Costs one more copy of each tracked weight's floats for as long as the weight is tracked (a new
 * version is repacked into the same array, so training allocates nothing per step). Only the forward
 * layout is kept: the input gradient's layout is a plain row copy, cheap enough per call.
 */
final class PackedWeights {
    private record Entry(long version, int C, int OC, PackedB packed) {
    }

    private static final Map<float[], Entry> FORWARD = Collections.synchronizedMap(new WeakHashMap<>());

    private PackedWeights() {
    }

    /** weight (OC, C) packed as the B (C, OC) of inp · weightᵀ, or null when the weight is not tracked. */
    static PackedB forward(float[] weight, int C, int OC, int threads) {
        long version = WeightVersions.version(weight);
        if (version < 0) {
            return null;
        }
        Entry e = FORWARD.get(weight);
        if (e != null && e.version == version && e.C == C && e.OC == OC) {
            return e.packed;
        }
        // A new version of the same shape is packed into the old copy's array: no allocation per step.
        // The version was read before packing: a write reported meanwhile makes this entry stale, not wrong.
        PackedB packed = e != null && e.C == C && e.OC == OC
            ? e.packed.repack(weight, 0, C, Gemm.BLayout.TRANSPOSED, threads)
            : PackedB.of(weight, 0, C, Gemm.BLayout.TRANSPOSED, C, OC, threads);
        FORWARD.put(weight, new Entry(version, C, OC, packed));
        return packed;
    }

    /** Forgets the packed copy of {@code weight}, if any. */
    static void drop(float[] weight) {
        FORWARD.remove(weight);
    }
}
