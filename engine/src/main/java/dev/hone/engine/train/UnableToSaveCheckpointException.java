package dev.hone.engine.train;

import dev.hone.engine.HoneException;

/** Writing a checkpoint or the final weights failed (disk full, no permission); the message names the path. */
public final class UnableToSaveCheckpointException extends HoneException {
    public UnableToSaveCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
