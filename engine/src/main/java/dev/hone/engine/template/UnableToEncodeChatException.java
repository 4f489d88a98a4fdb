package dev.hone.engine.template;

import dev.hone.engine.HoneException;

/**
 * A conversation rendered, but its assistant messages could not be located in the rendered text, so
 * no loss mask can be built (a template that rewrites earlier turns beyond recognition).
 */
public class UnableToEncodeChatException extends HoneException {
    public UnableToEncodeChatException(String message) {
        super(message);
    }
}
