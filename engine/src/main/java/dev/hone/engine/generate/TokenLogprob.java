package dev.hone.engine.generate;

import java.util.List;

/**
 * The log-probability of one token at its position, and the most likely tokens there.
 *
 * @param token   the token that was generated (or that stood in the prompt)
 * @param logprob its natural-log probability under the model's distribution at that position
 *                (after presence/frequency penalties, before temperature and top_p)
 * @param top     the {@code top_logprobs} most likely tokens, most likely first (empty when 0 were asked)
 */
public record TokenLogprob(int token, float logprob, List<TopLogprob> top) {
    public TokenLogprob {
        top = List.copyOf(top);
    }
}
