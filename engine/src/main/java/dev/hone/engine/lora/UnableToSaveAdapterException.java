package dev.hone.engine.lora;

import dev.hone.engine.HoneException;

/** Writing a PEFT adapter directory failed (disk, permissions). */
public class UnableToSaveAdapterException extends HoneException {
    public UnableToSaveAdapterException(String message, Throwable cause) {
        super(message, cause);
    }
}
