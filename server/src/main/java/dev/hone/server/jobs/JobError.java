package dev.hone.server.jobs;

/** A failed job's {@code error}: {@code code} and {@code message} always set, {@code param} may be null. */
public record JobError(String code, String message, String param) {
    public JobError {
        if (code == null || message == null) {
            throw new IllegalArgumentException("A job error needs a code and a message; found " + code + ", "
                    + message);
        }
    }
}
