package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Bool;
import dev.hone.engine.template.internal.Value.Num;
import dev.hone.engine.template.internal.Value.Obj;
import dev.hone.engine.template.internal.Value.Str;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary and unary operators with the oracle's semantics: {@code ==} is JavaScript's loose equality
 * on the underlying values, arithmetic is on doubles (integer results stay integers), {@code +}
 * concatenates when either side is a string, {@code in} works on lists (strict equality), strings
 * and dicts. {@code and}/{@code or} short-circuit and are handled by the interpreter.
 */
final class Operators {
    private Operators() {
    }

    static Value binary(String op, Value left, Value right) {
        switch (op) {
            case "==":
                return Value.of(looseEquals(left, right));
            case "!=":
                return Value.of(!looseEquals(left, right));
            default:
                break;
        }
        if (left instanceof Value.Undefined || right instanceof Value.Undefined) {
            if (right instanceof Value.Undefined && (op.equals("in") || op.equals("not in"))) {
                return Value.of(op.equals("not in"));
            }
            throw JinjaException.of("cannot apply '" + op + "' to an undefined value (a missing variable or key?)");
        }
        if (left instanceof Value.Null || right instanceof Value.Null) {
            throw JinjaException.of("cannot apply '" + op + "' to none");
        }
        if (op.equals("~")) {
            return Value.str(Json.raw(left) + Json.raw(right));
        }
        if (op.equals("**") && numericLike(left) && numericLike(right)) {
            return power(left, right);
        }
        if (left instanceof Num a && right instanceof Num b) {
            return arithmetic(op, a, b);
        }
        if (left instanceof Arr a && right instanceof Arr b && op.equals("+")) {
            List<Value> items = new ArrayList<>(a.items());
            items.addAll(b.items());
            return new Arr(items);
        }
        if (right instanceof Arr list && !(left instanceof Arr && right instanceof Arr)) {
            if (op.equals("in") || op.equals("not in")) {
                boolean member = false;
                for (Value x : list.items()) {
                    member |= strictEquals(x, left);
                }
                return Value.of(member == op.equals("in"));
            }
        }
        if ((left instanceof Str || right instanceof Str) && op.equals("+")) {
            return Value.str(Json.raw(left) + Json.raw(right));
        }
        if (left instanceof Str a && right instanceof Str b && (op.equals("in") || op.equals("not in"))) {
            return Value.of(b.s().contains(a.s()) == op.equals("in"));
        }
        if (left instanceof Str a && right instanceof Obj b && b.isDict() && (op.equals("in") || op.equals("not in"))) {
            return Value.of(b.map().containsKey(a.s()) == op.equals("in"));
        }
        throw JinjaException.of("unsupported operator '" + op + "' between " + typeName(left) + " and "
                + typeName(right));
    }

    private static Value arithmetic(String op, Num a, Num b) {
        boolean isFloat = a.isFloat() || b.isFloat();
        double x = a.v();
        double y = b.v();
        return switch (op) {
            case "+" -> new Num(x + y, isFloat);
            case "-" -> new Num(x - y, isFloat);
            case "*" -> new Num(x * y, isFloat);
            case "/" -> new Num(x / y, true);
            case "//" -> new Num(Math.floor(x / y), isFloat);
            case "%" -> new Num(x % y, isFloat);
            case "<" -> Value.of(x < y);
            case ">" -> Value.of(x > y);
            case "<=" -> Value.of(x <= y);
            case ">=" -> Value.of(x >= y);
            default -> throw JinjaException.of("unsupported operator '" + op + "' between numbers");
        };
    }

    private static boolean numericLike(Value v) {
        return v instanceof Num || v instanceof Bool;
    }

    private static double numeric(Value v) {
        return v instanceof Bool b ? (b.b() ? 1 : 0) : ((Num) v).v();
    }

    private static Value power(Value left, Value right) {
        double a = numeric(left);
        double b = numeric(right);
        if (a == 0 && b < 0) {
            throw JinjaException.of("0.0 cannot be raised to a negative power");
        }
        double result = Math.pow(a, b);
        if (Double.isNaN(result) || Double.isInfinite(result)) {
            throw JinjaException.of("exponentiation result is not a finite real number");
        }
        boolean isFloat = (left instanceof Num n && n.isFloat()) || (right instanceof Num m && m.isFloat()) || b < 0;
        return new Num(result, isFloat);
    }

    static Value unary(String op, Value v) {
        if (op.equals("not")) {
            return Value.of(!truthy(v));
        }
        double sign = op.equals("-") ? -1 : 1;
        if (v instanceof Num n) {
            return new Num(sign * n.v(), n.isFloat());
        }
        if (v instanceof Bool b) {
            return Num.integer(sign * (b.b() ? 1 : 0));
        }
        throw JinjaException.of("unsupported operator '" + op + "' for " + typeName(v));
    }

    /** Python-like truthiness as the oracle defines it (empty string, list and dict are false). */
    static boolean truthy(Value v) {
        return switch (v) {
            case Str s -> !s.s().isEmpty();
            case Num n -> n.v() != 0 && !Double.isNaN(n.v());
            case Bool b -> b.b();
            case Arr a -> !a.items().isEmpty();
            case Obj o -> !o.isDict() || !o.map().isEmpty();
            case Value.Fn f -> true;
            case Value.Null n -> false;
            case Value.Undefined u -> false;
        };
    }

    /** JavaScript {@code ===} on the underlying values (lists and dicts by identity). */
    static boolean strictEquals(Value a, Value b) {
        return switch (a) {
            case Str s -> b instanceof Str t && s.s().equals(t.s());
            case Num n -> b instanceof Num m && n.v() == m.v();
            case Bool x -> b instanceof Bool y && x.b() == y.b();
            case Arr x -> b instanceof Arr y && x.items() == y.items();
            case Obj x -> b instanceof Obj y && x.map() == y.map();
            case Value.Fn f -> a == b;
            case Value.Null n -> b instanceof Value.Null;
            case Value.Undefined u -> b instanceof Value.Undefined;
        };
    }

    /** JavaScript {@code ==} on the underlying values, for the primitive cases templates meet. */
    static boolean looseEquals(Value a, Value b) {
        boolean aNullish = a instanceof Value.Null || a instanceof Value.Undefined;
        boolean bNullish = b instanceof Value.Null || b instanceof Value.Undefined;
        if (aNullish || bNullish) {
            return aNullish && bNullish;
        }
        if (a instanceof Bool x) {
            return looseEquals(Num.integer(x.b() ? 1 : 0), b);
        }
        if (b instanceof Bool y) {
            return looseEquals(a, Num.integer(y.b() ? 1 : 0));
        }
        if (a instanceof Num n && b instanceof Str s) {
            return n.v() == toNumber(s.s());
        }
        if (a instanceof Str s && b instanceof Num n) {
            return n.v() == toNumber(s.s());
        }
        boolean aObject = a instanceof Arr || a instanceof Obj || a instanceof Value.Fn;
        boolean bObject = b instanceof Arr || b instanceof Obj || b instanceof Value.Fn;
        if (aObject != bObject) {
            Value primitive = aObject ? b : a;
            Value object = aObject ? a : b;
            return object instanceof Arr && looseEquals(Value.str(Json.raw(object)), primitive);
        }
        return strictEquals(a, b);
    }

    private static double toNumber(String s) {
        String t = JsText.trim(s);
        if (t.isEmpty()) {
            return 0;
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (!t.matches("[+-]?(Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)")) {
                return Double.NaN;
            }
            return t.endsWith("Infinity") ? (t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The value's kind as the oracle names it in errors. */
    static String typeName(Value v) {
        return switch (v) {
            case Str s -> "string";
            case Num n -> n.isFloat() ? "float" : "integer";
            case Bool b -> "boolean";
            case Arr a -> a.tuple() ? "tuple" : "list";
            case Obj o -> o.isDict() ? "dict" : "namespace";
            case Value.Fn f -> "function";
            case Value.Null n -> "none";
            case Value.Undefined u -> "undefined";
        };
    }
}
