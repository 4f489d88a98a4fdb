package dev.hone.engine.train;

import dev.hone.engine.HoneException;

/**
 * A checkpoint cannot be resumed: files missing or corrupt, or written by a run with other hyperparameters,
 * data or method. The message names the checkpoint and what differs.
 */
public final class UnableToResumeException extends HoneException {
    public UnableToResumeException(String message) {
        super(message);
    }

    public UnableToResumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
