package dev.hone.engine.generate;

/**
 * Streaming callbacks, on the generating thread. The deltas of {@link #onToken} and
 * {@link #onFinish} of one choice concatenate to that choice's {@link Choice#text()}.
 */
public interface TokenListener {
    /** Ignores everything (non-streaming use). */
    TokenListener NONE = new TokenListener() {
    };

    /**
     * A token was generated (not called for a stop token).
     *
     * @param choice    choice index
     * @param textDelta the newly complete text; may be empty while a multi-byte character or a
     *                  possible stop string is still open
     * @param logprob   the token's logprob entry, or null when logprobs were not requested
     */
    default void onToken(int choice, int token, String textDelta, TokenLogprob logprob) {
    }

    /** The choice ended; {@code textDelta} is any text held back until now. */
    default void onFinish(int choice, String textDelta, FinishReason reason) {
    }
}
