package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Bool;
import dev.hone.engine.template.internal.Value.Num;
import dev.hone.engine.template.internal.Value.Obj;
import dev.hone.engine.template.internal.Value.Str;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * List filters that take arguments: {@code map(attribute=...)}, {@code selectattr}/{@code rejectattr}
 * (with an optional test name and value), and {@code sort(reverse=, case_sensitive=, attribute=)}.
 */
final class ListFilters {
    private ListFilters() {
    }

    static Value apply(String name, Arr a, List<Value> args, Map<String, Value> kwargs) {
        return switch (name) {
            case "map" -> map(a, kwargs);
            case "selectattr", "rejectattr" -> select(a, args, name.equals("selectattr"));
            case "sort" -> sort(a, args, kwargs);
            default -> throw JinjaException.of("unsupported filter '" + name + "' for a list value");
        };
    }

    private static Value map(Arr a, Map<String, Value> kwargs) {
        if (!(kwargs.get("attribute") instanceof Str attr)) {
            throw JinjaException.of("map() is supported only as map(attribute='name')");
        }
        Value fallback = kwargs.get("default");
        List<Value> out = new ArrayList<>();
        for (Value item : a.items()) {
            if (!(item instanceof Obj)) {
                throw JinjaException.of("map(attribute=...) needs a list of dicts");
            }
            Value v = path(item, attr.s());
            out.add(v instanceof Value.Undefined && fallback != null ? fallback : v);
        }
        return new Arr(out);
    }

    /** {@code a.b.0}: dict keys and list indices separated by dots. */
    private static Value path(Value item, String dotted) {
        Value v = item;
        for (String part : dotted.split("\\.", -1)) {
            if (v instanceof Obj o) {
                v = o.map().getOrDefault(part, Value.UNDEFINED);
            } else if (v instanceof Arr list && part.matches("\\d+") && Long.parseLong(part) < list.items().size()) {
                v = list.items().get(Integer.parseInt(part));
            } else {
                return Value.UNDEFINED;
            }
        }
        return v;
    }

    private static Value select(Arr a, List<Value> args, boolean keep) {
        for (Value item : a.items()) {
            if (!(item instanceof Obj)) {
                throw JinjaException.of("selectattr/rejectattr need a list of dicts");
            }
        }
        if (args.isEmpty() || !(args.getFirst() instanceof Str attr)) {
            throw JinjaException.of("selectattr/rejectattr need an attribute name");
        }
        String test = args.size() > 1 && args.get(1) instanceof Str t ? t.s() : null;
        Value operand = args.size() > 2 ? args.get(2) : null;
        List<Value> out = new ArrayList<>();
        for (Value item : a.items()) {
            Value v = ((Obj) item).map().get(attr.s());
            boolean result;
            if (v == null) {
                result = false;
            } else if (test == null) {
                result = Operators.truthy(v);
            } else if (test.equals("equalto") || test.equals("eq") || test.equals("==")) {
                result = operand != null && Operators.strictEquals(v, operand);
            } else {
                result = Builtins.test(test, v);
            }
            if (result == keep) {
                out.add(item);
            }
        }
        return new Arr(out);
    }

    private static Value sort(Arr a, List<Value> args, Map<String, Value> kwargs) {
        Value reverse = !args.isEmpty() ? args.get(0) : kwargs.getOrDefault("reverse", Value.FALSE);
        Value caseSensitive = args.size() > 1 ? args.get(1) : kwargs.getOrDefault("case_sensitive", Value.FALSE);
        Value attribute = args.size() > 2 ? args.get(2) : kwargs.getOrDefault("attribute", Value.NONE);
        if (!(reverse instanceof Bool r) || !(caseSensitive instanceof Bool cs)) {
            throw JinjaException.of("sort(reverse=, case_sensitive=) take true or false");
        }
        String attr = switch (attribute) {
            case Str s -> s.s();
            case Num n -> JsText.number(n.v());
            case Value.Null n -> null;
            default -> throw JinjaException.of("sort(attribute=) must be a string or integer");
        };
        List<Value> out = new ArrayList<>(a.items());
        out.sort((x, y) -> {
            Value vx = attr == null ? x : path(x, attr);
            Value vy = attr == null ? y : path(y, attr);
            int c = compare(vx, vy, cs.b());
            return r.b() ? -c : c;
        });
        return new Arr(out);
    }

    private static int compare(Value a, Value b, boolean caseSensitive) {
        if (a instanceof Value.Null && b instanceof Value.Null) {
            return 0;
        }
        if (a instanceof Value.Undefined && b instanceof Value.Undefined) {
            return 0;
        }
        boolean an = a instanceof Num || a instanceof Bool;
        boolean bn = b instanceof Num || b instanceof Bool;
        if (an && bn) {
            return Double.compare(number(a), number(b));
        }
        if (a instanceof Str x && b instanceof Str y) {
            String p = caseSensitive ? x.s() : x.s().toLowerCase(Locale.ROOT);
            String q = caseSensitive ? y.s() : y.s().toLowerCase(Locale.ROOT);
            return Integer.signum(p.compareTo(q));
        }
        throw JinjaException.of("cannot compare " + Operators.typeName(a) + " with " + Operators.typeName(b));
    }

    private static double number(Value v) {
        return v instanceof Bool b ? (b.b() ? 1 : 0) : ((Num) v).v();
    }
}
