package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Value.Arr;
import dev.hone.engine.template.internal.Value.Fn;
import dev.hone.engine.template.internal.Value.Num;
import dev.hone.engine.template.internal.Value.Obj;
import dev.hone.engine.template.internal.Value.ObjKind;
import dev.hone.engine.template.internal.Value.Str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a parsed chat template: statements append text, expressions yield {@link Value}s.
 * Scoping, loop variables and output follow {@code @huggingface/jinja}: {@code for} opens one scope
 * for the whole loop, {@code loop} has index/index0/revindex/revindex0/first/last/length/previtem/
 * nextitem, none and undefined print as nothing. Any failure carries the template line of the
 * innermost node that failed.
 */
final class Interpreter {
    private static final class LoopBreak extends RuntimeException {
        LoopBreak() {
            super(null, null, false, false);
        }
    }

    private static final class LoopContinue extends RuntimeException {
        LoopContinue() {
            super(null, null, false, false);
        }
    }

    String block(List<Node> body, Scope scope) {
        StringBuilder out = new StringBuilder();
        for (Node n : body) {
            Value v = eval(n, scope);
            if (!(v instanceof Value.Null) && !(v instanceof Value.Undefined)) {
                out.append(Json.display(v));
            }
        }
        return out.toString();
    }

    Value eval(Node node, Scope scope) {
        if (node == null) {
            return Value.UNDEFINED;
        }
        try {
            return evalNode(node, scope);
        } catch (JinjaException e) {
            throw e.atLine(node.line());
        }
    }

    private Value evalNode(Node node, Scope scope) {
        return switch (node) {
            case Node.Str s -> Value.str(s.value());
            case Node.Num n -> new Num(n.value(), n.isFloat());
            case Node.ArrayLit a -> new Arr(evalAll(a.items(), scope));
            case Node.TupleLit t -> new Arr(evalAll(t.items(), scope), true);
            case Node.ObjectLit o -> objectLiteral(o, scope);
            case Node.Ident id -> scope.lookup(id.name());
            case Node.Member m -> member(m, scope);
            case Node.Call c -> call(c, scope);
            case Node.Unary u -> Operators.unary(u.op(), eval(u.argument(), scope));
            case Node.Binary b -> binary(b, scope);
            case Node.Filter f -> filter(eval(f.operand(), scope), f.filter(), scope);
            case Node.Test t -> {
                boolean r = Builtins.test(t.name(), eval(t.operand(), scope));
                yield Value.of(r != t.negate());
            }
            case Node.Select s -> Operators.truthy(eval(s.test(), scope)) ? eval(s.value(), scope) : Value.UNDEFINED;
            case Node.Ternary t -> eval(Operators.truthy(eval(t.condition(), scope)) ? t.whenTrue() : t.whenFalse(), scope);
            case Node.If i -> Value.str(block(Operators.truthy(eval(i.test(), scope)) ? i.body() : i.otherwise(), scope));
            case Node.For f -> Value.str(forLoop(f, scope));
            case Node.Set s -> set(s, scope);
            case Node.Macro m -> {
                scope.set(m.name(), Macros.define(this, m));
                yield Value.NONE;
            }
            case Node.FilterBlock fb -> filter(Value.str(block(fb.body(), scope)), fb.filter(), scope);
            case Node.Break b -> throw new LoopBreak();
            case Node.Continue c -> throw new LoopContinue();
            case Node.Comment c -> Value.NONE;
            case Node.KeywordArg k -> throw JinjaException.of("keyword argument '" + k.key() + "' outside a call");
            case Node.Slice s -> throw JinjaException.of("a slice is only allowed inside []");
        };
    }

    private List<Value> evalAll(List<Node> nodes, Scope scope) {
        List<Value> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(eval(n, scope));
        }
        return out;
    }

    private Value objectLiteral(Node.ObjectLit o, Scope scope) {
        LinkedHashMap<String, Value> map = new LinkedHashMap<>();
        for (int i = 0; i < o.keys().size(); i++) {
            if (!(eval(o.keys().get(i), scope) instanceof Str key)) {
                throw JinjaException.of("dict keys must be strings");
            }
            map.put(key.s(), eval(o.values().get(i), scope));
        }
        return new Obj(map);
    }

    private Value binary(Node.Binary b, Scope scope) {
        Value left = eval(b.left(), scope);
        if (b.op().equals("and")) {
            return Operators.truthy(left) ? eval(b.right(), scope) : left;
        }
        if (b.op().equals("or")) {
            return Operators.truthy(left) ? left : eval(b.right(), scope);
        }
        return Operators.binary(b.op(), left, eval(b.right(), scope));
    }

    /** Positional values, then (if any keywords were given) one KWARGS dict, as the oracle passes them. */
    List<Value> arguments(List<Node> args, Scope scope, Map<String, Value> kwargsOut) {
        List<Value> positional = new ArrayList<>();
        for (Node a : args) {
            if (!(a instanceof Node.KeywordArg)) {
                positional.add(eval(a, scope));
            }
        }
        for (Node a : args) {
            if (a instanceof Node.KeywordArg k) {
                if (kwargsOut.containsKey(k.key())) {
                    throw JinjaException.of("got multiple values for keyword argument '" + k.key() + "'");
                }
                kwargsOut.put(k.key(), eval(k.value(), scope));
            }
        }
        return positional;
    }

    private Value call(Node.Call c, Scope scope) {
        LinkedHashMap<String, Value> kwargs = new LinkedHashMap<>();
        List<Value> args = arguments(c.args(), scope, kwargs);
        if (!kwargs.isEmpty()) {
            args.add(new Obj(kwargs, ObjKind.KWARGS));
        }
        Value callee = eval(c.callee(), scope);
        if (!(callee instanceof Fn fn)) {
            throw JinjaException.of("cannot call " + describe(c.callee()) + ": it is " + Operators.typeName(callee)
                    + ", not a function");
        }
        return fn.body().call(args, scope);
    }

    private static String describe(Node n) {
        return switch (n) {
            case Node.Ident id -> "'" + id.name() + "'";
            case Node.Member m when !m.computed() && m.property() instanceof Node.Ident id -> "'." + id.name() + "'";
            default -> "this expression";
        };
    }

    private Value filter(Value operand, Node filterNode, Scope scope) {
        if (filterNode instanceof Node.Ident id) {
            return Filters.apply(id.name(), operand);
        }
        Node.Call call = (Node.Call) filterNode;
        if (!(call.callee() instanceof Node.Ident id)) {
            throw JinjaException.of("a filter must be a name");
        }
        LinkedHashMap<String, Value> kwargs = new LinkedHashMap<>();
        List<Value> args = arguments(call.args(), scope, kwargs);
        if ((id.name().equals("selectattr") || id.name().equals("rejectattr"))
                && !call.args().stream().allMatch(a -> a instanceof Node.Str)) {
            throw JinjaException.of("arguments of " + id.name() + " must be string literals");
        }
        return Filters.applyWithArgs(id.name(), operand, args, kwargs);
    }

    private Value member(Node.Member m, Scope scope) {
        Value object = eval(m.object(), scope);
        Value property;
        if (m.computed()) {
            if (m.property() instanceof Node.Slice s) {
                return Slices.slice(object, eval(s.start(), scope), eval(s.stop(), scope), eval(s.step(), scope));
            }
            property = eval(m.property(), scope);
        } else if (m.property() instanceof Node.Num n) {
            property = Num.integer(n.value());
        } else {
            property = Value.str(((Node.Ident) m.property()).name());
        }
        return switch (object) {
            case Obj o -> {
                if (!(property instanceof Str key)) {
                    throw JinjaException.of("dict keys are strings, got " + Operators.typeName(property));
                }
                Value v = o.map().get(key.s());
                yield v != null ? v : o.isDict() ? Builtins.attribute(o, key.s()) : Value.UNDEFINED;
            }
            case Arr a when property instanceof Num n -> Slices.at(a.items(), n.v());
            case Str s when property instanceof Num n -> {
                int i = (int) (n.v() < 0 ? s.s().length() + n.v() : n.v());
                yield i >= 0 && i < s.s().length() ? Value.str(String.valueOf(s.s().charAt(i))) : Value.UNDEFINED;
            }
            default -> {
                if (!(property instanceof Str name)) {
                    throw JinjaException.of("cannot index a " + Operators.typeName(object) + " with "
                            + Operators.typeName(property));
                }
                yield Builtins.attribute(object, name.s());
            }
        };
    }

    private Value set(Node.Set s, Scope scope) {
        Value rhs = s.value() != null ? eval(s.value(), scope) : Value.str(block(s.body(), scope));
        switch (s.target()) {
            case Node.Ident id -> scope.set(id.name(), rhs);
            case Node.TupleLit t -> {
                if (!(rhs instanceof Arr a)) {
                    throw JinjaException.of("cannot unpack a " + Operators.typeName(rhs) + " in set");
                }
                if (a.items().size() != t.items().size()) {
                    throw JinjaException.of("set: " + t.items().size() + " names but " + a.items().size() + " values");
                }
                for (int i = 0; i < t.items().size(); i++) {
                    if (!(t.items().get(i) instanceof Node.Ident id)) {
                        throw JinjaException.of("set: can only unpack into names");
                    }
                    scope.set(id.name(), a.items().get(i));
                }
            }
            case Node.Member m -> {
                Value object = eval(m.object(), scope);
                if (!(object instanceof Obj o) || o.isDict()) {
                    throw JinjaException.of("cannot set an attribute on a " + Operators.typeName(object)
                            + ": only namespace(...) objects are assignable");
                }
                if (m.computed() || !(m.property() instanceof Node.Ident id)) {
                    throw JinjaException.of("set: namespace attributes are assigned with ns.name = value");
                }
                o.map().put(id.name(), rhs);
            }
            default -> throw JinjaException.of("invalid target of set");
        }
        return Value.NONE;
    }

    private String forLoop(Node.For f, Scope outer) {
        Scope scope = new Scope(outer);
        Node test = null;
        Value iterable;
        if (f.iterable() instanceof Node.Select sel) {
            iterable = eval(sel.value(), scope);
            test = sel.test();
        } else {
            iterable = eval(f.iterable(), scope);
        }
        List<Value> source = switch (iterable) {
            case Arr a -> a.items();
            case Obj o when o.isDict() -> new ArrayList<>(o.map().keySet().stream().map(Value::str).toList());
            default -> throw JinjaException.of("cannot loop over a " + Operators.typeName(iterable)
                    + ": expected a list or dict");
        };
        List<Value> items = new ArrayList<>();
        for (Value item : source) {
            if (test != null) {
                Scope probe = new Scope(scope);
                bind(f.target(), item, probe);
                if (!Operators.truthy(eval(test, probe))) {
                    continue;
                }
            }
            items.add(item);
        }
        StringBuilder out = new StringBuilder();
        boolean noIteration = true;
        for (int i = 0; i < items.size(); i++) {
            scope.set("loop", loopInfo(items, i));
            bind(f.target(), items.get(i), scope);
            try {
                out.append(block(f.body(), scope));
            } catch (LoopContinue c) {
                continue;
            } catch (LoopBreak b) {
                break;
            }
            noIteration = false;
        }
        if (noIteration) {
            out.append(block(f.otherwise(), scope));
        }
        return out.toString();
    }

    private static Value loopInfo(List<Value> items, int i) {
        int n = items.size();
        LinkedHashMap<String, Value> loop = new LinkedHashMap<>();
        loop.put("index", Num.integer(i + 1));
        loop.put("index0", Num.integer(i));
        loop.put("revindex", Num.integer(n - i));
        loop.put("revindex0", Num.integer(n - i - 1));
        loop.put("first", Value.of(i == 0));
        loop.put("last", Value.of(i == n - 1));
        loop.put("length", Num.integer(n));
        loop.put("previtem", i > 0 ? items.get(i - 1) : Value.UNDEFINED);
        loop.put("nextitem", i < n - 1 ? items.get(i + 1) : Value.UNDEFINED);
        return new Obj(loop);
    }

    private static void bind(Node target, Value item, Scope scope) {
        if (target instanceof Node.Ident id) {
            scope.set(id.name(), item);
            return;
        }
        Node.TupleLit t = (Node.TupleLit) target;
        if (!(item instanceof Arr a)) {
            throw JinjaException.of("cannot unpack a " + Operators.typeName(item) + " into loop variables");
        }
        if (a.items().size() != t.items().size()) {
            throw JinjaException.of("too " + (t.items().size() > a.items().size() ? "few" : "many")
                    + " items to unpack");
        }
        for (int j = 0; j < t.items().size(); j++) {
            if (!(t.items().get(j) instanceof Node.Ident id)) {
                throw JinjaException.of("loop variables must be names");
            }
            scope.set(id.name(), a.items().get(j));
        }
    }
}
