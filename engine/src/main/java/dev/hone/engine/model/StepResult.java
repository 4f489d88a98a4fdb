package dev.hone.engine.model;

/**
 * What one forward pass measured.
 *
 * @param loss           mean cross-entropy over weighted tokens (0 when none is weighted)
 * @param accuracy       fraction of weighted tokens whose argmax prediction is the target
 * @param weightedTokens number of tokens with loss weight 1
 * @param correctTokens  number of those predicted correctly
 */
public record StepResult(float loss, float accuracy, int weightedTokens, int correctTokens) {
}
