package dev.hone.engine.tokenizer;

import dev.hone.engine.HoneException;

/** Tokenizer files are missing, unreadable or malformed. The message names the file and field. */
public class UnableToLoadTokenizerException extends HoneException {
    public UnableToLoadTokenizerException(String message) {
        super(message);
    }

    public UnableToLoadTokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
