package dev.hone.engine.io;

import dev.hone.engine.HoneException;

/**
 * Reading tensors from a safetensors file (or a sharded model directory) failed: the file is missing,
 * truncated or malformed, or a tensor holds values the engine refuses (NaN, infinity). The message
 * names the file and, where one is involved, the tensor, and says what was expected and what was found.
 */
public class UnableToReadTensorsException extends HoneException {
    public UnableToReadTensorsException(String message) {
        super(message);
    }

    public UnableToReadTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
