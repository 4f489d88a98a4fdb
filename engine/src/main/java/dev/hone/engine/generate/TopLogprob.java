package dev.hone.engine.generate;

/**
 * One alternative at a position: a token and its log-probability.
 *
 * @param token   token id
 * @param logprob natural-log probability, ≤ 0
 */
public record TopLogprob(int token, float logprob) {
}
