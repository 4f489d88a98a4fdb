package dev.hone.server.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The line formats of reference §4, named as OpenAI names them in errors ({@code fine-tune-chat} is the
 * one observed; the others follow the spec's schema names), each with the method that trains on it.
 */
public enum DatasetFormat {
    /** {@code {"messages": [...], "tools"?, "parallel_tool_calls"?, "functions"?}}. */
    CHAT("fine-tune-chat", TrainingMethod.SUPERVISED),
    /** {@code {"prompt": "...", "completion": "..."}} (legacy completion models). */
    COMPLETION("fine-tune-completion", TrainingMethod.SUPERVISED),
    /** {@code {"input": {"messages": [...]}, "preferred_output": [...], "non_preferred_output": [...]}}. */
    PREFERENCE("fine-tune-preference", TrainingMethod.DPO),
    /** {@code {"messages": [...], "tools"?, ...any keys the graders read}}. */
    REINFORCEMENT("fine-tune-reinforcement", TrainingMethod.REINFORCEMENT);

    private final String wireName;
    private final TrainingMethod method;

    DatasetFormat(String wireName, TrainingMethod method) {
        this.wireName = wireName;
        this.method = method;
    }

    /** The format's name in error messages, e.g. {@code fine-tune-chat}. */
    public String wireName() {
        return wireName;
    }

    /** The training method that takes this format. */
    public TrainingMethod method() {
        return method;
    }

    /**
     * The format a line is written in, judged by its keys; null when it has none of them. A line with
     * {@code messages} is read as reinforcement data under that method, as chat data otherwise.
     */
    static DatasetFormat detect(JsonNode line, TrainingMethod method) {
        boolean messages = line.has("messages");
        if (messages && method == TrainingMethod.REINFORCEMENT) {
            return REINFORCEMENT;
        }
        if (line.has("input") || line.has("preferred_output") || line.has("non_preferred_output")) {
            return PREFERENCE;
        }
        if (messages) {
            return CHAT;
        }
        if (line.has("prompt") || line.has("completion")) {
            return COMPLETION;
        }
        if (line.has("tools") || line.has("functions") || line.has("parallel_tool_calls")) {
            return method == TrainingMethod.REINFORCEMENT ? REINFORCEMENT : CHAT;
        }
        return null;
    }
}
