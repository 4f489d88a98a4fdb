package dev.hone.engine.tokenizer;

import dev.hone.engine.HoneException;

/** A tokenizer.json uses a model or component type that Hone does not implement. */
public class UnsupportedTokenizerException extends HoneException {
    public UnsupportedTokenizerException(String message) {
        super(message);
    }
}
