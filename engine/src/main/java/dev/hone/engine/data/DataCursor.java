package dev.hone.engine.data;

import java.util.Arrays;

/**
 * Where a {@link DataLoader} stands, small enough to store in a checkpoint's JSON: the shuffle
 * generator's state at the start of the current epoch (from which that epoch's order is recomputed),
 * the epoch, and the position of the next example within the epoch's order.
 *
 * @param epochStartRng xoshiro256** state (4 longs) before the current epoch's shuffle
 * @param epoch         0-based current epoch
 * @param nextExample   index into the epoch's order of the next example to use, ≥ 0
 */
public record DataCursor(long[] epochStartRng, int epoch, int nextExample) {
    public DataCursor {
        if (epochStartRng == null || epochStartRng.length != 4 || epoch < 0 || nextExample < 0) {
            throw new IllegalArgumentException("invalid data cursor: rng " + Arrays.toString(epochStartRng)
                    + " (4 longs), epoch " + epoch + " (>= 0), nextExample " + nextExample + " (>= 0)");
        }
        epochStartRng = epochStartRng.clone();
    }

    @Override
    public long[] epochStartRng() {
        return epochStartRng.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataCursor c && Arrays.equals(epochStartRng, c.epochStartRng) && epoch == c.epoch
                && nextExample == c.nextExample;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(epochStartRng) * 31 * 31 + epoch * 31 + nextExample;
    }

    @Override
    public String toString() {
        return "DataCursor[rng=" + Arrays.toString(epochStartRng) + ", epoch=" + epoch + ", next=" + nextExample + "]";
    }
}
