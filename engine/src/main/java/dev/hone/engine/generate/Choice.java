package dev.hone.engine.generate;

import java.util.List;

/**
 * One completed choice.
 *
 * @param index            0..n-1
 * @param text             the generated text, without a matched stop string and without the stop token
 * @param tokens           generated token ids, without a stop token (EOS) that ended the choice
 * @param completionTokens tokens the model generated, a final stop token included (what usage counts)
 * @param finishReason     stop or length
 * @param logprobs         one entry per id in {@code tokens}, or null when logprobs were not requested
 */
public record Choice(int index, String text, int[] tokens, int completionTokens, FinishReason finishReason,
                     List<TokenLogprob> logprobs) {
}
