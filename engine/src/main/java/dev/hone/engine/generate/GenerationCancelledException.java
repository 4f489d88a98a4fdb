package dev.hone.engine.generate;

import dev.hone.engine.HoneException;

/** Generation stopped because the caller's cancellation check said so (e.g. the client disconnected). */
public final class GenerationCancelledException extends HoneException {
    public GenerationCancelledException(int generatedTokens) {
        super("generation was cancelled by the caller after " + generatedTokens + " generated tokens");
    }
}
