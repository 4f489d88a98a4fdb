package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Bool;
import dev.hone.engine.template.internal.Value.Num;
import dev.hone.engine.template.internal.Value.Obj;
import dev.hone.engine.template.internal.Value.ObjKind;
import dev.hone.engine.template.internal.Value.Str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jinja filters ({@code value | name} and {@code value | name(args)}) for the kinds of value chat
 * templates pass them, with the oracle's rules: which filter applies to which kind, what
 * {@code tojson}'s keywords do, {@code default} replacing only undefined unless {@code boolean=true}.
 */
final class Filters {
    private Filters() {
    }

    /** A filter without arguments: {@code value | name}. */
    static Value apply(String name, Value v) {
        if (name.equals("safe")) {
            return v;
        }
        if (name.equals("tojson")) {
            return Value.str(Json.toJson(v, Json.Options.DEFAULT));
        }
        return switch (v) {
            case Arr a -> listFilter(name, a);
            case Str s -> stringFilter(name, s.s());
            case Num n -> switch (name) {
                case "abs" -> new Num(Math.abs(n.v()), n.isFloat());
                case "int" -> Num.integer(Math.floor(n.v()));
                case "float" -> new Num(n.v(), true);
                case "string" -> Value.str(Json.display(n));
                default -> throw unknown(name, v);
            };
            case Obj o when o.isDict() -> switch (name) {
                case "items" -> Builtins.items(o);
                case "length" -> Num.integer(o.map().size());
                default -> {
                    Value method = Builtins.attribute(o, name);
                    if (method instanceof Value.Fn f) {
                        yield f.body().call(List.of(), null);
                    }
                    throw unknown(name, v);
                }
            };
            case Bool b -> switch (name) {
                case "bool" -> b;
                case "int" -> Num.integer(b.b() ? 1 : 0);
                case "float" -> new Num(b.b() ? 1 : 0, true);
                case "string" -> Value.str(b.b() ? "true" : "false");
                default -> throw unknown(name, v);
            };
            default -> throw unknown(name, v);
        };
    }

    private static JinjaException unknown(String name, Value v) {
        return JinjaException.of("unsupported filter '" + name + "' for a " + Operators.typeName(v) + " value");
    }

    private static Value listFilter(String name, Arr a) {
        List<Value> items = a.items();
        return switch (name) {
            case "list" -> a;
            case "first" -> items.isEmpty() ? Value.UNDEFINED : items.getFirst();
            case "last" -> items.isEmpty() ? Value.UNDEFINED : items.getLast();
            case "length" -> Num.integer(items.size());
            case "reverse" -> new Arr(new ArrayList<>(items.reversed()));
            case "join" -> Value.str(join(items, ""));
            case "sort" -> ListFilters.apply(name, a, List.of(), Map.of());
            case "string" -> Value.str(Json.display(new Arr(items)));
            case "unique" -> {
                List<Value> out = new ArrayList<>();
                for (Value x : items) {
                    if (out.stream().noneMatch(y -> Operators.strictEquals(x, y))) {
                        out.add(x);
                    }
                }
                yield new Arr(out);
            }
            default -> throw unknown(name, a);
        };
    }

    private static String join(List<Value> items, String sep) {
        List<String> parts = new ArrayList<>();
        for (Value x : items) {
            parts.add(x instanceof Value.Null || x instanceof Value.Undefined ? "" : Json.raw(x));
        }
        return String.join(sep, parts);
    }

    private static Value stringFilter(String name, String s) {
        return switch (name) {
            case "length", "upper", "lower", "title", "capitalize" -> {
                Value m = StringMethods.get(s, name);
                yield m instanceof Value.Fn f ? f.body().call(List.of(), null) : m;
            }
            case "trim" -> Value.str(JsText.trim(s));
            case "indent" -> Value.str(indent(s, 4, false, false));
            case "join", "string" -> Value.str(s);
            case "int" -> {
                Double d = parseIntPrefix(s);
                yield Num.integer(d == null ? 0 : d);
            }
            case "float" -> {
                Double d = parseFloatPrefix(s);
                yield new Num(d == null ? 0 : d, true);
            }
            default -> throw unknown(name, Value.str(s));
        };
    }

    private static String indent(String s, int width, boolean first, boolean blank) {
        String[] lines = s.split("\n", -1);
        String pad = " ".repeat(width);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append('\n');
            }
            boolean skip = (!first && i == 0) || (!blank && lines[i].isEmpty());
            b.append(skip ? lines[i] : pad + lines[i]);
        }
        return b.toString();
    }

    /** JavaScript {@code parseInt(s, 10)}: leading integer after whitespace, else null (NaN). */
    private static Double parseIntPrefix(String s) {
        String t = JsText.trimStart(s);
        int i = 0;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && t.charAt(i) < 128) {
            i++;
        }
        return i == digitsStart ? null : Double.parseDouble(t.substring(0, i));
    }

    /** JavaScript {@code parseFloat(s)}: the longest leading decimal number, else null (NaN). */
    private static Double parseFloatPrefix(String s) {
        String t = JsText.trimStart(s);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^[+-]?(Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)").matcher(t);
        if (!m.find()) {
            return null;
        }
        String num = m.group();
        if (num.endsWith("Infinity")) {
            return num.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(num);
    }

    /** A filter with arguments: {@code value | name(args)}; {@code kwargs} holds the keyword arguments. */
    static Value applyWithArgs(String name, Value v, List<Value> args, Map<String, Value> kwargs) {
        switch (name) {
            case "tojson":
                return Value.str(Json.toJson(v, jsonOptions(kwargs)));
            case "join": {
                List<Value> items;
                if (v instanceof Str s) {
                    items = new ArrayList<>();
                    JsText.codePoints(s.s()).forEach(c -> items.add(Value.str(c)));
                } else if (v instanceof Arr a) {
                    items = a.items();
                } else {
                    throw unknown(name, v);
                }
                Value sep = !args.isEmpty() ? args.getFirst() : kwargs.getOrDefault("separator", Value.str(""));
                if (!(sep instanceof Str s)) {
                    throw JinjaException.of("join(separator): separator must be a string");
                }
                return Value.str(join(items, s.s()));
            }
            case "int", "float":
                return toNumber(name, v, args, kwargs);
            case "default": {
                Value fallback = !args.isEmpty() ? args.getFirst() : Value.str("");
                Value flag = args.size() > 1 ? args.get(1) : kwargs.getOrDefault("boolean", Value.FALSE);
                if (!(flag instanceof Bool b)) {
                    throw JinjaException.of("default(value, boolean): boolean must be true or false");
                }
                boolean replace = v instanceof Value.Undefined || (b.b() && !Operators.truthy(v));
                return replace ? fallback : v;
            }
            default:
                break;
        }
        return switch (v) {
            case Arr a -> ListFilters.apply(name, a, args, kwargs);
            case Str s -> switch (name) {
                case "indent" -> {
                    Value width = !args.isEmpty() ? args.get(0) : kwargs.getOrDefault("width", Num.integer(4));
                    if (!(width instanceof Num w) || w.isFloat()) {
                        throw JinjaException.of("indent(width): width must be an integer");
                    }
                    Value first = args.size() > 1 ? args.get(1) : kwargs.getOrDefault("first", Value.FALSE);
                    Value blank = args.size() > 2 ? args.get(2) : kwargs.getOrDefault("blank", Value.FALSE);
                    yield Value.str(indent(s.s(), (int) w.v(), Operators.truthy(first), Operators.truthy(blank)));
                }
                case "replace" -> {
                    List<Value> all = new ArrayList<>(args);
                    all.add(new Obj(new LinkedHashMap<>(kwargs), ObjKind.KWARGS));
                    yield StringMethods.replace(s.s(), all);
                }
                default -> throw unknown(name, v);
            };
            case Obj o when o.isDict() && Set.of("get", "items", "keys", "values").contains(name) -> {
                List<Value> all = new ArrayList<>(args);
                if (!kwargs.isEmpty()) {
                    all.add(new Obj(new LinkedHashMap<>(kwargs), ObjKind.KWARGS));
                }
                yield ((Value.Fn) Builtins.attribute(o, name)).body().call(all, null);
            }
            default -> throw unknown(name, v);
        };
    }

    private static Value toNumber(String name, Value v, List<Value> args, Map<String, Value> kwargs) {
        boolean isInt = name.equals("int");
        Value fallback = !args.isEmpty() ? args.getFirst()
                : kwargs.getOrDefault("default", isInt ? Num.integer(0) : new Num(0, true));
        return switch (v) {
            case Str s -> {
                Double d = isInt ? parseIntPrefix(s.s()) : parseFloatPrefix(s.s());
                yield d == null ? fallback : new Num(d, !isInt);
            }
            case Num n -> n;
            case Bool b -> new Num(b.b() ? 1 : 0, !isInt);
            default -> throw unknown(name, v);
        };
    }

    private static Json.Options jsonOptions(Map<String, Value> kwargs) {
        Value indent = kwargs.getOrDefault("indent", Value.NONE);
        if (!(indent instanceof Value.Null || (indent instanceof Num n && !n.isFloat()))) {
            throw JinjaException.of("tojson(indent=): indent must be an integer");
        }
        Value ascii = kwargs.getOrDefault("ensure_ascii", Value.FALSE);
        Value sort = kwargs.getOrDefault("sort_keys", Value.FALSE);
        if (!(ascii instanceof Bool a) || !(sort instanceof Bool s)) {
            throw JinjaException.of("tojson(ensure_ascii=, sort_keys=) take true or false");
        }
        Value seps = kwargs.getOrDefault("separators", Value.NONE);
        List<String> separators = null;
        if (seps instanceof Arr list) {
            if (list.items().size() != 2 || !(list.items().get(0) instanceof Str i)
                    || !(list.items().get(1) instanceof Str k)) {
                throw JinjaException.of("tojson(separators=) must be a pair of strings");
            }
            separators = List.of(i.s(), k.s());
        } else if (!(seps instanceof Value.Null)) {
            throw JinjaException.of("tojson(separators=) must be a pair of strings");
        }
        int width = indent instanceof Num n ? (int) n.v() : 0;
        return Json.Options.of(width, a.b(), separators, s.b());
    }
}
