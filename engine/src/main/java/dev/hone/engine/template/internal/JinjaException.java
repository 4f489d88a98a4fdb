package dev.hone.engine.template.internal;

/**
 * A failure inside the Jinja interpreter. The line is filled in by the innermost AST node that knows
 * it, so the public {@code ChatTemplateException} can name the template line.
 */
public final class JinjaException extends RuntimeException {
    private int line;
    private final boolean raisedByTemplate;

    JinjaException(String message, int line) {
        this(message, line, false);
    }

    JinjaException(String message, int line, boolean raisedByTemplate) {
        super(message);
        this.line = line;
        this.raisedByTemplate = raisedByTemplate;
    }

    static JinjaException of(String message) {
        return new JinjaException(message, -1);
    }

    /** 1-based line of the template source, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** True when the template itself called {@code raise_exception(msg)}. */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }

    JinjaException atLine(int l) {
        if (line < 0) {
            line = l;
        }
        return this;
    }
}
