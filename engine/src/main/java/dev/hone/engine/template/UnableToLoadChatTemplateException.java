package dev.hone.engine.template;

import dev.hone.engine.HoneException;

/** A model directory's {@code tokenizer_config.json} or {@code chat_template.jinja} could not be read. */
public class UnableToLoadChatTemplateException extends HoneException {
    public UnableToLoadChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnableToLoadChatTemplateException(String message) {
        super(message);
    }
}
