package dev.hone.engine.optim;

import dev.hone.engine.HoneException;

/**
 * Restoring saved optimizer state failed: files missing or corrupt, or saved for other parameters
 * (names or sizes differ). The message names the directory and the first mismatch.
 */
public final class UnableToLoadOptimizerStateException extends HoneException {
    public UnableToLoadOptimizerStateException(String message) {
        super(message);
    }

    public UnableToLoadOptimizerStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
