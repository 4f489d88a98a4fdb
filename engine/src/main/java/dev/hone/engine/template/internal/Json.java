package dev.hone.engine.template.internal;

import java.text.Collator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tojson} filter and the printed form of values, as the oracle produces them: Python's
 * {@code json.dumps} separators ({@code ", "} and {@code ": "}, or {@code ","} between items when
 * indenting), non-ASCII kept unless {@code ensure_ascii}, undefined written as {@code null} by
 * {@code tojson} but as {@code undefined} when a list is printed with {@code {{ }}}.
 */
final class Json {
    private Json() {
    }

    /** Serialisation options of {@code tojson(indent=, ensure_ascii=, separators=, sort_keys=)}. */
    record Options(int indent, boolean ensureAscii, String itemSep, String keySep, boolean sortKeys) {
        static final Options DEFAULT = of(0, false, null, false);

        static Options of(int indent, boolean ensureAscii, List<String> separators, boolean sortKeys) {
            String item = separators != null ? separators.get(0) : indent > 0 ? "," : ", ";
            String key = separators != null ? separators.get(1) : ": ";
            return new Options(indent, ensureAscii, item, key, sortKeys);
        }
    }

    static String toJson(Value v, Options o) {
        return write(v, o, 0, true);
    }

    /** How {@code {{ value }}} prints a value (the oracle's RuntimeValue.toString). */
    static String display(Value v) {
        return switch (v) {
            case Value.Str s -> s.s();
            case Value.Num n -> n.isFloat() ? floatText(n.v()) : JsText.number(n.v());
            case Value.Bool b -> b.b() ? "true" : "false";
            case Value.Arr a -> write(a, Options.DEFAULT, 0, false);
            case Value.Obj o -> write(o, Options.DEFAULT, 0, false);
            case Value.Fn f -> throw JinjaException.of("cannot print function " + f.name() + ": call it with ()");
            case Value.Null n -> "null";
            case Value.Undefined u -> "undefined";
        };
    }

    /** JavaScript's {@code String(x.value)}, used by {@code +}, {@code ~} and {@code join}. */
    static String raw(Value v) {
        return switch (v) {
            case Value.Num n -> JsText.number(n.v());
            case Value.Arr a -> {
                List<String> parts = new ArrayList<>();
                for (Value x : a.items()) {
                    parts.add(display(x));
                }
                yield String.join(",", parts);
            }
            case Value.Obj o -> "[object Map]";
            default -> display(v);
        };
    }

    private static String floatText(double v) {
        if (v == 0 && 1 / v < 0) {
            return "-0.0";
        }
        if (!Double.isInfinite(v) && v % 1 == 0 && Math.abs(v) < 1e21) {
            return JsText.number(v) + ".0";
        }
        return JsText.number(v);
    }

    private static String write(Value v, Options o, int depth, boolean undefinedAsNull) {
        return switch (v) {
            case Value.Null n -> "null";
            case Value.Undefined u -> undefinedAsNull ? "null" : "undefined";
            case Value.Num n -> Double.isNaN(n.v()) || Double.isInfinite(n.v()) ? "null" : JsText.number(n.v());
            case Value.Bool b -> b.b() ? "true" : "false";
            case Value.Str s -> o.ensureAscii() ? JsText.asciiOnly(JsText.jsonQuote(s.s())) : JsText.jsonQuote(s.s());
            case Value.Arr a -> writeArray(a, o, depth, undefinedAsNull);
            case Value.Obj m -> writeObject(m, o, depth, undefinedAsNull);
            case Value.Fn f -> throw JinjaException.of("cannot convert function " + f.name() + " to JSON");
        };
    }

    private static String writeArray(Value.Arr a, Options o, int depth, boolean undefinedAsNull) {
        List<String> core = new ArrayList<>();
        for (Value x : a.items()) {
            core.add(write(x, o, depth + 1, undefinedAsNull));
        }
        if (o.indent() > 0 && !core.isEmpty()) {
            String base = "\n" + " ".repeat(o.indent() * depth);
            String child = base + " ".repeat(o.indent());
            return "[" + child + String.join(o.itemSep() + child, core) + base + "]";
        }
        return "[" + String.join(o.itemSep(), core) + "]";
    }

    private static String writeObject(Value.Obj m, Options o, int depth, boolean undefinedAsNull) {
        List<Map.Entry<String, Value>> entries = new ArrayList<>(m.map().entrySet());
        if (o.sortKeys()) {
            Collator collator = Collator.getInstance(Locale.ENGLISH);
            entries.sort((x, y) -> collator.compare(x.getKey(), y.getKey()));
        }
        String base = "\n" + " ".repeat(o.indent() * depth);
        String child = base + " ".repeat(o.indent());
        List<String> core = new ArrayList<>();
        for (Map.Entry<String, Value> e : entries) {
            String key = JsText.jsonQuote(e.getKey());
            if (o.ensureAscii()) {
                key = JsText.asciiOnly(key);
            }
            String item = key + o.keySep() + write(e.getValue(), o, depth + 1, undefinedAsNull);
            core.add(o.indent() > 0 ? child + item : item);
        }
        if (o.indent() > 0 && !core.isEmpty()) {
            return "{" + String.join(o.itemSep(), core) + base + "}";
        }
        return "{" + String.join(o.itemSep(), core) + "}";
    }
}
