package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Fn;
import dev.hone.engine.template.internal.Value.Num;
import dev.hone.engine.template.internal.Value.Obj;
import dev.hone.engine.template.internal.Value.ObjKind;
import dev.hone.engine.template.internal.Value.Str;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Global functions ({@code namespace}, {@code raise_exception}, {@code range}, {@code strftime_now}),
 * {@code is} tests, and the methods reachable with a dot: string methods ({@code strip},
 * {@code split}, {@code startswith}...), dict methods ({@code get}, {@code items}, {@code keys},
 * {@code values}) and {@code length}. Behaviour follows the oracle, including its JavaScript notion
 * of whitespace for {@code strip}.
 */
final class Builtins {
    private Builtins() {
    }

    /** Installs the globals every template sees. {@code now} supplies the clock for strftime_now. */
    static void installGlobals(Scope scope, Supplier<ZonedDateTime> now) {
        scope.set("true", Value.TRUE);
        scope.set("false", Value.FALSE);
        scope.set("none", Value.NONE);
        scope.set("True", Value.TRUE);
        scope.set("False", Value.FALSE);
        scope.set("None", Value.NONE);
        scope.set("namespace", new Fn("namespace", (args, s) -> namespace(args)));
        scope.set("raise_exception", new Fn("raise_exception", (args, s) -> {
            String message = args.isEmpty() ? "undefined" : Json.raw(args.getFirst());
            throw new JinjaException(message, -1, true);
        }));
        scope.set("range", new Fn("range", (args, s) -> range(positional(args))));
        scope.set("strftime_now", new Fn("strftime_now", (args, s) -> {
            if (args.isEmpty() || !(args.getFirst() instanceof Str f)) {
                throw JinjaException.of("strftime_now(format) needs a format string");
            }
            return Value.str(strftime(now.get(), f.s()));
        }));
    }

    private static List<Value> positional(List<Value> args) {
        if (!args.isEmpty() && args.getLast() instanceof Obj o && o.kind() == ObjKind.KWARGS) {
            return args.subList(0, args.size() - 1);
        }
        return args;
    }

    private static Value namespace(List<Value> args) {
        List<Value> pos = new ArrayList<>(args);
        Obj kwargs = null;
        if (!pos.isEmpty() && pos.getLast() instanceof Obj o && o.kind() == ObjKind.KWARGS) {
            kwargs = o;
            pos.removeLast();
        }
        if (pos.size() > 1) {
            throw JinjaException.of("namespace expected at most 1 positional argument, got " + pos.size());
        }
        LinkedHashMap<String, Value> entries = new LinkedHashMap<>();
        if (pos.size() == 1) {
            switch (pos.getFirst()) {
                case Obj o when o.isDict() -> entries.putAll(o.map());
                case Arr a -> {
                    for (Value pair : a.items()) {
                        if (!(pair instanceof Arr p) || p.items().size() != 2 || !(p.items().get(0) instanceof Str k)) {
                            throw JinjaException.of("namespace expected a dict or a list of [key, value] pairs");
                        }
                        entries.put(k.s(), p.items().get(1));
                    }
                }
                default -> throw JinjaException.of("namespace expected a dict or a list of pairs, got "
                        + Operators.typeName(pos.getFirst()));
            }
        }
        if (kwargs != null) {
            entries.putAll(kwargs.map());
        }
        return new Obj(entries, ObjKind.NAMESPACE);
    }

    private static Value range(List<Value> args) {
        double[] a = new double[args.size()];
        for (int i = 0; i < a.length; i++) {
            if (!(args.get(i) instanceof Num n)) {
                throw JinjaException.of("range() takes integers");
            }
            a[i] = n.v();
        }
        double start = a.length >= 2 ? a[0] : 0;
        double stop = a.length >= 2 ? a[1] : a.length == 1 ? a[0] : 0;
        double step = a.length >= 3 ? a[2] : 1;
        if (step == 0) {
            throw JinjaException.of("range() step must not be zero");
        }
        List<Value> out = new ArrayList<>();
        for (double i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(Num.integer(i));
        }
        return new Arr(out);
    }

    /** Python strftime for the directives the oracle knows: %Y %m %d %b %B %H %M %%. */
    static String strftime(ZonedDateTime t, String format) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length() || "YmdbBHM%".indexOf(format.charAt(i + 1)) < 0) {
                b.append(c);
                continue;
            }
            char d = format.charAt(++i);
            b.append(switch (d) {
                case 'Y' -> String.valueOf(t.getYear());
                case 'm' -> String.format("%02d", t.getMonthValue());
                case 'd' -> String.format("%02d", t.getDayOfMonth());
                case 'b' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
                case 'H' -> String.format("%02d", t.getHour());
                case 'M' -> String.format("%02d", t.getMinute());
                default -> "%";
            });
        }
        return b.toString();
    }

    /** {@code operand is name}. */
    static boolean test(String name, Value v) {
        return switch (name) {
            case "boolean" -> v instanceof Value.Bool;
            case "callable" -> v instanceof Fn;
            case "odd", "even" -> {
                if (!(v instanceof Num n) || n.isFloat()) {
                    throw JinjaException.of("cannot test " + name + " on " + Operators.typeName(v));
                }
                yield (n.v() % 2 != 0) == name.equals("odd");
            }
            case "false" -> v instanceof Value.Bool b && !b.b();
            case "true" -> v instanceof Value.Bool b && b.b();
            case "none" -> v instanceof Value.Null;
            case "string" -> v instanceof Str;
            case "number" -> v instanceof Num;
            case "integer" -> v instanceof Num n && !n.isFloat();
            case "iterable" -> (v instanceof Arr a && !a.tuple()) || v instanceof Str;
            case "mapping" -> v instanceof Obj o && o.isDict();
            case "sequence" -> v instanceof Arr || (v instanceof Obj o && o.isDict()) || v instanceof Str;
            case "lower" -> v instanceof Str s && s.s().equals(s.s().toLowerCase(Locale.ROOT));
            case "upper" -> v instanceof Str s && s.s().equals(s.s().toUpperCase(Locale.ROOT));
            case "defined" -> !(v instanceof Value.Undefined);
            case "undefined" -> v instanceof Value.Undefined;
            default -> throw JinjaException.of("unsupported test '" + name + "'");
        };
    }

    /** {@code object.name} for strings, lists and dicts: a method or {@code length}, else undefined. */
    static Value attribute(Value object, String name) {
        return switch (object) {
            case Str s -> StringMethods.get(s.s(), name);
            case Arr a -> name.equals("length") ? Num.integer(a.items().size()) : Value.UNDEFINED;
            case Obj o when o.isDict() -> dictMethod(o, name);
            default -> Value.UNDEFINED;
        };
    }

    private static Value dictMethod(Obj o, String name) {
        return switch (name) {
            case "get" -> new Fn("get", (args, s) -> {
                if (args.isEmpty() || !(args.getFirst() instanceof Str key)) {
                    throw JinjaException.of("dict.get(key) needs a string key");
                }
                Value v = o.map().get(key.s());
                return v != null ? v : args.size() > 1 ? args.get(1) : Value.NONE;
            });
            case "items" -> new Fn("items", (args, s) -> items(o));
            case "keys" -> new Fn("keys", (args, s) -> {
                List<Value> keys = new ArrayList<>();
                o.map().keySet().forEach(k -> keys.add(Value.str(k)));
                return new Arr(keys);
            });
            case "values" -> new Fn("values", (args, s) -> new Arr(new ArrayList<>(o.map().values())));
            default -> Value.UNDEFINED;
        };
    }

    static Arr items(Obj o) {
        List<Value> out = new ArrayList<>();
        o.map().forEach((k, v) -> out.add(new Arr(List.of(Value.str(k), v))));
        return new Arr(out);
    }
}
