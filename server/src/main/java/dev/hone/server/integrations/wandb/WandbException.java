package dev.hone.server.integrations.wandb;

/**
 * A call to the W&amp;B server failed. The message says which call, what came back and what to check; it
 * never holds the API key (requests are not echoed, only the status and the server's own error text).
 */
public final class WandbException extends RuntimeException {
    private final boolean retryable;

    /**
     * @param retryable true when the same call may succeed later (connection failures, 429, 5xx)
     */
    public WandbException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when the same call may succeed later (connection failures, 429, 5xx). */
    public boolean retryable() {
        return retryable;
    }
}
