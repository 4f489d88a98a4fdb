package dev.hone.engine.template;

import dev.hone.engine.HoneException;

/**
 * A chat template could not be parsed or rendered: a syntax error, a construct outside the supported
 * Jinja subset, a type error while evaluating, or the template's own {@code raise_exception(msg)}
 * (for example "Conversation roles must alternate user/assistant/..."). The message names the
 * template line where it happened.
 */
public class ChatTemplateException extends HoneException {
    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
