package dev.hone.engine.generate;

import dev.hone.engine.HoneException;

/** A generation request has a value out of range; {@link #param()} names the OpenAI parameter. */
public class InvalidGenerationRequestException extends HoneException {
    private final String param;

    public InvalidGenerationRequestException(String param, String message) {
        super(message);
        this.param = param;
    }

    /** The request parameter at fault ({@code temperature}, {@code stop}, {@code prompt} …). */
    public String param() {
        return param;
    }
}
