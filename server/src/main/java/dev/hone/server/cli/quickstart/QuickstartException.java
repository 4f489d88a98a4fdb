package dev.hone.server.cli.quickstart;

/** A quickstart step failed (server unreachable, an API error, a job that did not succeed); the message says which. */
public final class QuickstartException extends RuntimeException {
    public QuickstartException(String message, Throwable cause) {
        super(message, cause);
    }
}
