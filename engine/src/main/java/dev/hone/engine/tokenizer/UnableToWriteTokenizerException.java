package dev.hone.engine.tokenizer;

import dev.hone.engine.HoneException;

/** Writing a trained tokenizer to disk failed. The message names the file. */
public class UnableToWriteTokenizerException extends HoneException {
    public UnableToWriteTokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
