package dev.hone.engine.io;

import dev.hone.engine.HoneException;

/**
 * Writing a safetensors file failed (bad input tensors, disk full, no permission). No partial file is
 * left under the target name: writes go to a temporary file that is renamed only on success.
 */
public final class UnableToWriteTensorsException extends HoneException {
    public UnableToWriteTensorsException(String message) {
        super(message);
    }

    public UnableToWriteTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
