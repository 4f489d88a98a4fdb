package dev.hone.engine.train;

/**
 * Loss on the validation set with the weights after {@code step} steps.
 *
 * @param step     optimizer steps taken when measured
 * @param loss     mean cross-entropy over every validation target token
 * @param accuracy fraction of those tokens predicted right (argmax)
 * @param tokens   validation target tokens
 */
public record ValidationMetrics(long step, double loss, double accuracy, long tokens) {
}
