package dev.hone.engine.train;

/**
 * What one optimizer step measured, before its update was applied (loss of the weights it started from).
 *
 * @param step         1-based index of the step just taken
 * @param totalSteps   planned steps of the whole run
 * @param epoch        0-based epoch the step's examples come from
 * @param loss         mean cross-entropy over every target token of the step
 * @param accuracy     fraction of those tokens whose argmax prediction was right
 * @param tokens       target (loss) tokens in the step
 * @param inputTokens  non-padding tokens processed in the step
 * @param learningRate the rate the update used
 * @param gradNorm     global gradient norm before clipping
 */
public record StepMetrics(long step, long totalSteps, int epoch, double loss, double accuracy, long tokens,
                          long inputTokens, double learningRate, double gradNorm) {
}
