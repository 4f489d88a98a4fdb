package dev.hone.engine.data;

/**
 * One fixed-shape (B, T) input to a forward/backward pass; every array is (B, T) row-major.
 * An example placed at row offset o keeps its first n = min(L, T) tokens; slot o + j holds:
 * <pre>
 *   tokens[o+j]      = ids[j]
 *   targets[o+j]     = ids[j+1]        (padId when j + 1 = L: the example's last token has no target)
 *   lossWeights[o+j] = trainable[j+1] ? 1 : 0
 *   positions[o+j]   = j               (restarts at 0 for every example)
 *   segments[o+j]    = s               (0, 1, 2... per example within the row)
 * </pre>
 * A truncated example (L &gt; T) therefore still predicts ids[T] from its last kept token; tokens past
 * T are dropped. Padding slots hold token padId, target padId, weight 0, position 0 and segment -1.
 * A token may attend only to earlier tokens with the same segment id (contract E).
 *
 * @param rows         B
 * @param seqLen       T
 * @param tokens       (B, T) input ids
 * @param targets      (B, T) next-token ids
 * @param positions    (B, T) position of each token within its example
 * @param segments     (B, T) example index within the row; -1 for padding
 * @param lossWeights  (B, T) 1 where the target counts toward the loss, else 0
 * @param examples     examples (whole or truncated) placed in this micro-batch
 * @param targetTokens number of slots with weight 1
 */
public record MicroBatch(int rows, int seqLen, int[] tokens, int[] targets, int[] positions, int[] segments,
                         float[] lossWeights, int examples, int targetTokens) {
}
