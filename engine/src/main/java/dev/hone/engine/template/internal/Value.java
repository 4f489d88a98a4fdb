package dev.hone.engine.template.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runtime value of the chat-template interpreter. The kinds and their conversions follow
 * {@code @huggingface/jinja} (the oracle), which stores numbers as JavaScript doubles and tells
 * integers from floats by how they were written: {@link Num#isFloat}. Not a general Jinja2 value
 * model: there are no user classes, undefined-with-hints or markup strings.
 */
public sealed interface Value {

    /** A string (UTF-16, like JavaScript and Java). */
    record Str(String s) implements Value {
    }

    /** A number; {@code isFloat} distinguishes Jinja's float from integer (both doubles inside). */
    record Num(double v, boolean isFloat) implements Value {
        static Num integer(double v) {
            return new Num(v, false);
        }
    }

    /** A boolean. */
    record Bool(boolean b) implements Value {
    }

    /** A list; {@code tuple} marks Jinja tuples, which some tests treat differently. */
    record Arr(List<Value> items, boolean tuple) implements Value {
        Arr(List<Value> items) {
            this(items, false);
        }
    }

    /** The three mapping kinds: plain dicts, keyword-argument bundles, and {@code namespace(...)}. */
    enum ObjKind { DICT, KWARGS, NAMESPACE }

    /** A mapping with string keys in insertion order. */
    record Obj(LinkedHashMap<String, Value> map, ObjKind kind) implements Value {
        Obj(LinkedHashMap<String, Value> map) {
            this(map, ObjKind.DICT);
        }

        /** True for dicts and keyword bundles (the oracle's ObjectValue), false for namespaces. */
        boolean isDict() {
            return kind != ObjKind.NAMESPACE;
        }
    }

    /** A callable: a global function, a macro, or a bound string/dict method. */
    record Fn(String name, Body body) implements Value {
        /** The function body; {@code args} ends with a {@link ObjKind#KWARGS} Obj when keywords were given. */
        @FunctionalInterface
        interface Body {
            Value call(List<Value> args, Scope scope);
        }
    }

    /** Jinja's {@code none}. */
    enum Null implements Value { NULL }

    /** An undefined variable or missing attribute. */
    enum Undefined implements Value { UNDEFINED }

    Value NONE = Null.NULL;
    Value UNDEFINED = Undefined.UNDEFINED;
    Value TRUE = new Bool(true);
    Value FALSE = new Bool(false);

    static Value of(boolean b) {
        return b ? TRUE : FALSE;
    }

    static Value str(String s) {
        return new Str(s);
    }

    /**
     * Converts a Java value (as a JSON reader produces: String, Number, Boolean, null, List, Map) into
     * a runtime value the way the oracle converts JavaScript values: integral numbers become integers
     * (JavaScript cannot tell 1.0 from 1), and map keys that look like array indices come first.
     */
    static Value fromJava(Object o) {
        return switch (o) {
            case null -> NONE;
            case Value v -> v;
            case String s -> new Str(s);
            case Boolean b -> of(b);
            case Integer i -> Num.integer(i);
            case Long l -> Num.integer(l);
            case Short s -> Num.integer(s);
            case Byte b -> Num.integer(b);
            case BigInteger b -> Num.integer(b.doubleValue());
            case Number n -> fromDouble(n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue());
            case Character c -> new Str(String.valueOf(c));
            case Map<?, ?> m -> fromMap(m);
            case Collection<?> c -> {
                List<Value> items = new ArrayList<>(c.size());
                for (Object x : c) {
                    items.add(fromJava(x));
                }
                yield new Arr(items);
            }
            case Object[] a -> fromJava(List.of(a));
            default -> throw JinjaException.of("cannot pass a " + o.getClass().getName()
                    + " to a chat template: expected String, Number, Boolean, null, List or Map");
        };
    }

    private static Value fromDouble(double d) {
        boolean integral = !Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d);
        return new Num(d, !integral);
    }

    private static Value fromMap(Map<?, ?> m) {
        LinkedHashMap<String, Value> indexKeys = new LinkedHashMap<>();
        LinkedHashMap<String, Value> otherKeys = new LinkedHashMap<>();
        List<String> indices = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (JsText.isArrayIndex(key)) {
                indices.add(key);
                indexKeys.put(key, fromJava(e.getValue()));
            } else {
                otherKeys.put(key, fromJava(e.getValue()));
            }
        }
        indices.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        LinkedHashMap<String, Value> out = new LinkedHashMap<>();
        for (String k : indices) {
            out.put(k, indexKeys.get(k));
        }
        out.putAll(otherKeys);
        return new Obj(out);
    }
}
