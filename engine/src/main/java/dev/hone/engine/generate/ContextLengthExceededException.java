package dev.hone.engine.generate;

/** The prompt leaves no room in the model's context for even one generated token. */
public final class ContextLengthExceededException extends InvalidGenerationRequestException {
    private final int promptTokens;
    private final int contextLength;

    public ContextLengthExceededException(int promptTokens, int contextLength) {
        super("prompt", "this model's maximum context length is " + contextLength + " tokens, but the prompt has "
                + promptTokens + " tokens; shorten the prompt to at most " + (contextLength - 1) + " tokens");
        this.promptTokens = promptTokens;
        this.contextLength = contextLength;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int contextLength() {
        return contextLength;
    }
}
