package dev.hone.engine.generate;

/** Why a choice ended: a stop token or stop string ({@code stop}), or the token limit or context ({@code length}). */
public enum FinishReason {
    STOP("stop"),
    LENGTH("length");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    /** The OpenAI {@code finish_reason} value. */
    public String wireName() {
        return wireName;
    }
}
