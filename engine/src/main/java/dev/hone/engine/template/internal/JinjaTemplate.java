package dev.hone.engine.template.internal;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A parsed chat template, ready to render many times. Entry point of the interpreter:
 * {@link #parse} (lexer + parser; throws {@link JinjaException} with the line of a syntax error)
 * and {@link #render} (evaluation with fresh globals each time).
 */
public final class JinjaTemplate {
    private final List<Node> body;
    private final Supplier<ZonedDateTime> clock;

    private JinjaTemplate(List<Node> body, Supplier<ZonedDateTime> clock) {
        this.body = body;
        this.clock = clock;
    }

    /** Parses {@code source} with trim_blocks and lstrip_blocks on, as Hugging Face renders chat templates. */
    public static JinjaTemplate parse(String source) {
        return parse(source, ZonedDateTime::now);
    }

    /** As {@link #parse(String)}, with the clock that {@code strftime_now} reads. */
    public static JinjaTemplate parse(String source, Supplier<ZonedDateTime> clock) {
        return new JinjaTemplate(Parser.parse(Lexer.tokenize(source)), clock);
    }

    /**
     * Renders with {@code variables} (Java values as a JSON reader produces them) bound globally.
     *
     * @throws JinjaException naming the template line, for type errors, unsupported constructs and
     *                        {@code raise_exception} (then {@link JinjaException#raisedByTemplate()} is true)
     */
    public String render(Map<String, ?> variables) {
        Scope global = new Scope(null);
        Builtins.installGlobals(global, clock);
        for (Map.Entry<String, ?> e : variables.entrySet()) {
            global.set(e.getKey(), Value.fromJava(e.getValue()));
        }
        return new Interpreter().block(body, global);
    }
}
