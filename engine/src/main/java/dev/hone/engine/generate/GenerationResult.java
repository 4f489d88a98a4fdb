package dev.hone.engine.generate;

import java.util.Collections;
import java.util.List;

/**
 * The outcome of one request.
 *
 * @param choices          n choices in index order
 * @param promptLogprobs   one entry per prompt token, the first null (nothing precedes it), when
 *                         prompt logprobs were requested (echo); else null
 * @param promptTokens     prompt length (usage.prompt_tokens)
 * @param completionTokens generated tokens over all choices (usage.completion_tokens)
 */
public record GenerationResult(List<Choice> choices, List<TokenLogprob> promptLogprobs, int promptTokens,
                               int completionTokens) {
    public GenerationResult {
        choices = List.copyOf(choices);
        promptLogprobs = promptLogprobs == null ? null : Collections.unmodifiableList(promptLogprobs);
    }
}
