package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Fn;
import dev.hone.engine.template.internal.Value.Obj;
import dev.hone.engine.template.internal.Value.ObjKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code {% macro name(a, b=default) %}...{% endmacro %}}: a function that renders its body in a new
 * scope with the parameters bound (positionally, then by keyword, then defaults). {@code varargs} and
 * {@code kwargs} are available when the body mentions them. Call blocks are not supported.
 */
final class Macros {
    private Macros() {
    }

    static Fn define(Interpreter interpreter, Node.Macro m) {
        return new Fn(m.name(), (args, callerScope) -> {
            Scope scope = new Scope(callerScope);
            List<Value> positional = new ArrayList<>(args);
            LinkedHashMap<String, Value> keywords = new LinkedHashMap<>();
            if (!positional.isEmpty() && positional.getLast() instanceof Obj o && o.kind() == ObjKind.KWARGS) {
                keywords.putAll(o.map());
                positional.removeLast();
            }
            List<Node.KeywordArg> pendingDefaults = new ArrayList<>();
            for (int i = 0; i < m.params().size(); i++) {
                Node p = m.params().get(i);
                String name = p instanceof Node.KeywordArg k ? k.key() : ((Node.Ident) p).name();
                Value v = i < positional.size() ? positional.get(i) : keywords.remove(name);
                if (v == null && p instanceof Node.KeywordArg k) {
                    pendingDefaults.add(k);
                }
                scope.set(name, v == null ? Value.UNDEFINED : v);
            }
            if (m.usesKwargs()) {
                scope.set("kwargs", new Obj(keywords));
            } else if (!keywords.isEmpty()) {
                throw JinjaException.of("macro '" + m.name() + "' takes no keyword argument '"
                        + keywords.keySet().iterator().next() + "'");
            }
            if (m.usesVarargs()) {
                int from = Math.min(m.params().size(), positional.size());
                scope.set("varargs", new Arr(new ArrayList<>(positional.subList(from, positional.size()))));
            } else if (positional.size() > m.params().size()) {
                throw JinjaException.of("macro '" + m.name() + "' takes not more than " + m.params().size()
                        + " argument(s)");
            }
            for (Node.KeywordArg k : pendingDefaults) {
                scope.set(k.key(), interpreter.eval(k.value(), scope));
            }
            return Value.str(interpreter.block(m.body(), scope));
        });
    }
}
