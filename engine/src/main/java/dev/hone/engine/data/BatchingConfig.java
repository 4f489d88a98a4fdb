package dev.hone.engine.data;

/**
 * How a dataset becomes optimizer steps and micro-batches.
 *
 * @param rows            B: rows per micro-batch (what one forward/backward processes), ≥ 1
 * @param seqLen          T: tokens per row, ≥ 2; longer examples are truncated to their first T tokens
 * @param examplesPerStep the requested batch size: examples per optimizer step, ≥ 1; gradients of all
 *                        micro-batches of a step are accumulated
 * @param layout          packing or padding
 * @param padId           token id written in padding slots and as the (ignored) target of slots without
 *                        a loss target; must be a valid id of the vocabulary, ≥ 0
 * @param shuffle         whether each epoch visits examples in a fresh seeded random order
 * @param seed            seed of that order
 */
public record BatchingConfig(int rows, int seqLen, int examplesPerStep, BatchLayout layout, int padId,
                             boolean shuffle, long seed) {
    public BatchingConfig {
        if (rows < 1 || seqLen < 2 || examplesPerStep < 1 || layout == null || padId < 0) {
            throw new IllegalArgumentException("invalid batching: rows " + rows + " (>= 1), seqLen " + seqLen
                    + " (>= 2), examplesPerStep " + examplesPerStep + " (>= 1), layout " + layout + ", padId " + padId
                    + " (>= 0)");
        }
    }
}
