package dev.hone.engine;

/**
 * Root of every failure the engine reports. Subclasses are named for the action that failed
 * ({@code UnableToLoadModelException}) and their messages say what was expected, what was found
 * and how to fix it. The engine never calls {@code System.exit}.
 */
public class HoneException extends RuntimeException {
    public HoneException(String message) {
        super(message);
    }

    public HoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
