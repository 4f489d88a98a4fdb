package dev.hone.engine.template.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * A variable scope. As in the oracle, a {@code for} loop and a macro call open a child scope and
 * {@code set} writes to the innermost one, so a variable set inside a loop is not seen after it
 * (use {@code namespace(...)} for that, exactly as in Jinja2).
 */
public final class Scope {
    private final Map<String, Value> vars = new HashMap<>();
    private final Scope parent;

    public Scope(Scope parent) {
        this.parent = parent;
    }

    /** The value bound to {@code name} here or in an enclosing scope, else {@link Value#UNDEFINED}. */
    public Value lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Value v = s.vars.get(name);
            if (v != null) {
                return v;
            }
        }
        return Value.UNDEFINED;
    }

    /** Binds {@code name} in this scope. */
    public void set(String name, Value value) {
        vars.put(name, value);
    }
}
