package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Fn;
import dev.hone.engine.template.internal.Value.Num;
import dev.hone.engine.template.internal.Value.Obj;
import dev.hone.engine.template.internal.Value.ObjKind;
import dev.hone.engine.template.internal.Value.Str;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python string methods that chat templates call ({@code content.strip()}, {@code .split('</think>')},
 * {@code .startswith(...)}), with the oracle's behaviour: {@code strip}/{@code lstrip}/{@code rstrip}
 * ignore their argument and trim JavaScript whitespace, exactly as {@code @huggingface/jinja} does.
 */
final class StringMethods {
    private StringMethods() {
    }

    /** The method (or {@code length}) named {@code name} bound to {@code s}, else undefined. */
    static Value get(String s, String name) {
        return switch (name) {
            case "upper" -> fn(name, args -> Value.str(s.toUpperCase(Locale.ROOT)));
            case "lower" -> fn(name, args -> Value.str(s.toLowerCase(Locale.ROOT)));
            case "strip" -> fn(name, args -> Value.str(JsText.trim(s)));
            case "lstrip" -> fn(name, args -> Value.str(JsText.trimStart(s)));
            case "rstrip" -> fn(name, args -> Value.str(JsText.trimEnd(s)));
            case "title" -> fn(name, args -> Value.str(JsText.title(s)));
            case "capitalize" -> fn(name, args -> Value.str(s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1)));
            case "length" -> Num.integer(s.length());
            case "startswith" -> fn(name, args -> Value.of(affix(s, args, name, true)));
            case "endswith" -> fn(name, args -> Value.of(affix(s, args, name, false)));
            case "split" -> fn(name, args -> split(s, args));
            case "replace" -> fn(name, args -> replace(s, args));
            default -> Value.UNDEFINED;
        };
    }

    private interface Method {
        Value call(List<Value> args);
    }

    private static Fn fn(String name, Method m) {
        return new Fn(name, (args, scope) -> m.call(args));
    }

    private static boolean affix(String s, List<Value> args, String name, boolean start) {
        if (args.isEmpty()) {
            throw JinjaException.of(name + "() requires at least one argument");
        }
        Value pattern = args.getFirst();
        if (pattern instanceof Str p) {
            return start ? s.startsWith(p.s()) : s.endsWith(p.s());
        }
        if (pattern instanceof Arr list) {
            for (Value item : list.items()) {
                if (!(item instanceof Str p)) {
                    throw JinjaException.of(name + "() tuple elements must be strings");
                }
                if (start ? s.startsWith(p.s()) : s.endsWith(p.s())) {
                    return true;
                }
            }
            return false;
        }
        throw JinjaException.of(name + "() argument must be a string or tuple of strings");
    }

    private static Value split(String s, List<Value> args) {
        Value sep = args.isEmpty() ? Value.NONE : args.get(0);
        if (!(sep instanceof Str || sep instanceof Value.Null)) {
            throw JinjaException.of("split(): separator must be a string or none");
        }
        Value max = args.size() > 1 ? args.get(1) : Num.integer(-1);
        if (!(max instanceof Num m) || m.isFloat()) {
            throw JinjaException.of("split(): maxsplit must be an integer");
        }
        List<Value> parts = new ArrayList<>();
        for (String p : JsText.split(s, sep instanceof Str t ? t.s() : null, (int) m.v())) {
            parts.add(Value.str(p));
        }
        return new Arr(parts);
    }

    static Value replace(String s, List<Value> args) {
        if (args.size() < 2) {
            throw JinjaException.of("replace() requires at least two arguments");
        }
        if (!(args.get(0) instanceof Str old) || !(args.get(1) instanceof Str replacement)) {
            throw JinjaException.of("replace() arguments must be strings");
        }
        Value count = Value.NONE;
        if (args.size() > 2) {
            count = args.get(2) instanceof Obj o && o.kind() == ObjKind.KWARGS
                    ? o.map().getOrDefault("count", Value.NONE) : args.get(2);
        }
        long n;
        if (count instanceof Num c && !c.isFloat()) {
            n = (long) c.v();
        } else if (count instanceof Value.Null) {
            n = -1;
        } else {
            throw JinjaException.of("replace(): count must be an integer or none");
        }
        return Value.str(JsText.replace(s, old.s(), replacement.s(), n));
    }
}
