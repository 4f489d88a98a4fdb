package dev.hone.server.completions;

import dev.hone.server.chat.ChatWire.Usage;

import java.util.List;
import java.util.Map;

/**
 * The wire records of the legacy {@code /v1/completions} API, one to one with OpenAI's schema; the same
 * {@code text_completion} object is sent whole or, streamed, once per event.
 */
public final class CompletionWire {
    private CompletionWire() {
    }

    /** {@code text_completion}. */
    public record Completion(String id, String object, long created, String model, List<Choice> choices,
                             Usage usage, String systemFingerprint) {
    }

    /** One choice; {@code finishReason} null in streamed events before the last. */
    public record Choice(String text, int index, Logprobs logprobs, String finishReason) {
    }

    /**
     * Parallel lists, one entry per token: its text, its logprob (null for the first prompt token), the
     * most likely alternatives (text → logprob; empty where the logprob is null) and its character offset
     * in the choice's text (the prompt included when echoed).
     */
    public record Logprobs(List<String> tokens, List<Float> tokenLogprobs, List<Map<String, Float>> topLogprobs,
                           List<Integer> textOffset) {
    }
}
