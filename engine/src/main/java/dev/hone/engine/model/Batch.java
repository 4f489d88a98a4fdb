package dev.hone.engine.model;

import java.util.Arrays;

/**
 * One micro-batch of token sequences, all arrays (B, T) row-major.
 *
 * @param B           sequences
 * @param T           tokens per sequence
 * @param tokens      input ids
 * @param targets     next-token ids; any value where the loss weight is 0
 * @param positions   position of each token within its own example (restarts at 0 per packed example)
 * @param segments    example id per token: a token attends only to earlier tokens of the same segment
 * @param lossWeights 0 or 1: whether the token's target counts in the loss
 */
public record Batch(int B, int T, int[] tokens, int[] targets, int[] positions, int[] segments,
                    float[] lossWeights) {
    public Batch {
        int n = B * T;
        if (B <= 0 || T <= 0 || tokens.length != n || targets.length != n || positions.length != n
                || segments.length != n || lossWeights.length != n) {
            throw new IllegalArgumentException("a batch needs B, T > 0 and five arrays of B*T = " + n
                    + " values; found B=" + B + ", T=" + T + ", lengths tokens=" + tokens.length + ", targets="
                    + targets.length + ", positions=" + positions.length + ", segments=" + segments.length
                    + ", lossWeights=" + lossWeights.length);
        }
        for (float w : lossWeights) {
            if (w != 0f && w != 1f) {
                throw new IllegalArgumentException("loss weights must be 0 or 1; found " + w);
            }
        }
    }

    /**
     * Checks that every token, and every target with a non-zero weight, is a valid id for a vocabulary
     * of V ids, and positions are non-negative; throws naming the first offending (b, t).
     */
    public void checkIds(int V) {
        for (int i = 0; i < B * T; i++) {
            boolean badTarget = lossWeights[i] != 0f && (targets[i] < 0 || targets[i] >= V);
            if (tokens[i] < 0 || tokens[i] >= V || badTarget || positions[i] < 0) {
                throw new IllegalArgumentException("token (b=" + i / T + ", t=" + i % T + ") has id " + tokens[i]
                        + ", target " + targets[i] + ", position " + positions[i] + "; ids must lie in [0, " + V
                        + ") (the model's vocab_size) and positions must be ≥ 0. Was the data tokenized for"
                        + " another model?");
            }
        }
    }

    /** B unpacked sequences: positions 0..T-1, one segment per row, every target weighted. */
    public static Batch of(int B, int T, int[] tokens, int[] targets) {
        int[] positions = new int[B * T];
        int[] segments = new int[B * T];
        for (int i = 0; i < B * T; i++) {
            positions[i] = i % T;
            segments[i] = i / T;
        }
        float[] weights = new float[B * T];
        Arrays.fill(weights, 1f);
        return new Batch(B, T, tokens, targets, positions, segments, weights);
    }
}
