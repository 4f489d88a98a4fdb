package dev.hone.engine.model;

import dev.hone.engine.HoneException;

/** A model directory could not be turned into a model: unsupported config, missing or misshapen tensor. */
public class UnableToLoadModelException extends HoneException {
    public UnableToLoadModelException(String message) {
        super(message);
    }

    public UnableToLoadModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
