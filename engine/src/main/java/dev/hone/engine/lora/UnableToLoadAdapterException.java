package dev.hone.engine.lora;

import dev.hone.engine.HoneException;

/** A PEFT adapter directory could not be applied to a model: bad config, missing or misshapen tensor. */
public class UnableToLoadAdapterException extends HoneException {
    public UnableToLoadAdapterException(String message) {
        super(message);
    }

    public UnableToLoadAdapterException(String message, Throwable cause) {
        super(message, cause);
    }
}
