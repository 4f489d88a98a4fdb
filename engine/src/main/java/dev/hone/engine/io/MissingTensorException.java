package dev.hone.engine.io;

/**
 * A tensor that the caller asked for by name is not in the store. The message names the tensor, the
 * files searched and, where one exists, a similarly named tensor that is present.
 */
public final class MissingTensorException extends UnableToReadTensorsException {
    private final String tensor;

    public MissingTensorException(String tensor, String message) {
        super(message);
        this.tensor = tensor;
    }

    /** The name that was asked for. */
    public String tensor() {
        return tensor;
    }
}
