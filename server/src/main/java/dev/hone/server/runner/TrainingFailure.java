package dev.hone.server.runner;

/**
 * A job that cannot train: the runner moves it to {@code failed} with this {@code code} and message as its
 * {@code error} (and an error event). Messages say what was expected, what was found and the fix.
 */
public final class TrainingFailure extends RuntimeException {
    private final String code;

    public TrainingFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public TrainingFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The job error's {@code code}. */
    public String code() {
        return code;
    }
}
