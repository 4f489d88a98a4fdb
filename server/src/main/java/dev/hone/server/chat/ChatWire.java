package dev.hone.server.chat;

import java.util.List;

/**
 * The wire records of {@code /v1/chat/completions}, one to one with OpenAI's schemas (components in
 * camelCase are written in snake_case; every field is written, nulls included). Only these records know
 * the JSON field names of the chat API.
 */
public final class ChatWire {
    private ChatWire() {
    }

    /** {@code chat.completion}. */
    public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices,
                                 Usage usage, String systemFingerprint) {
    }

    /** One choice of a {@code chat.completion}. */
    public record Choice(int index, Message message, Logprobs logprobs, String finishReason) {
    }

    /** The assistant's message; {@code toolCalls} null when the model called none. */
    public record Message(String role, String content, String refusal, List<ToolCall> toolCalls) {
    }

    /** A parsed tool call. */
    public record ToolCall(String id, String type, FunctionCall function) {
    }

    /** The function a tool call names, with its arguments as JSON text. */
    public record FunctionCall(String name, String arguments) {
    }

    /** Per-token logprobs of a choice ({@code refusal} always null). */
    public record Logprobs(List<TokenLogprob> content, List<TokenLogprob> refusal) {
    }

    /** One token: its text, logprob, UTF-8 bytes and the most likely alternatives. */
    public record TokenLogprob(String token, double logprob, List<Integer> bytes, List<TopLogprob> topLogprobs) {
    }

    /** One alternative at a position. */
    public record TopLogprob(String token, double logprob, List<Integer> bytes) {
    }

    /** Token counts of a request (shared with the completions API). */
    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
        public static Usage of(int prompt, int completion) {
            return new Usage(prompt, completion, prompt + completion);
        }
    }

    /** {@code chat.completion.chunk}: one streamed event. */
    public record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices,
                        Usage usage, String systemFingerprint) {
    }

    /** One choice's piece of a chunk. */
    public record ChunkChoice(int index, Delta delta, Logprobs logprobs, String finishReason) {
    }

    /** What a chunk adds to a choice's message. */
    public record Delta(String role, String content, List<ChunkToolCall> toolCalls) {
    }

    /** A tool call in a chunk, addressed by its position in the message. */
    public record ChunkToolCall(int index, String id, String type, FunctionCall function) {
    }
}
