package dev.hone.engine.optim;

import dev.hone.engine.HoneException;

/** Writing optimizer state failed (disk full, no permission); the message names the file. */
public final class UnableToSaveOptimizerStateException extends HoneException {
    public UnableToSaveOptimizerStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
