package dev.hone.engine.template.internal;

import java.util.List;

/**
 * The syntax tree of a chat template. Every node records the template line it came from, so that a
 * failure while evaluating it can say where. Statements render to text; expressions yield values.
 */
sealed interface Node {
    int line();

    /** Literal text between tags, or a string literal. */
    record Str(String value, int line) implements Node {
    }

    /** A number literal; {@code isFloat} when written with a decimal point. */
    record Num(double value, boolean isFloat, int line) implements Node {
    }

    record ArrayLit(List<Node> items, int line) implements Node {
    }

    record TupleLit(List<Node> items, int line) implements Node {
    }

    record ObjectLit(List<Node> keys, List<Node> values, int line) implements Node {
    }

    record Ident(String name, int line) implements Node {
    }

    /** {@code object.property} ({@code computed == false}) or {@code object[property]}. */
    record Member(Node object, Node property, boolean computed, int line) implements Node {
    }

    /** {@code [start:stop:step]}; absent parts are null. */
    record Slice(Node start, Node stop, Node step, int line) implements Node {
    }

    record Call(Node callee, List<Node> args, int line) implements Node {
    }

    /** {@code name=value} inside a call's argument list, or a parameter default in a macro. */
    record KeywordArg(String key, Node value, int line) implements Node {
    }

    record Unary(String op, Node argument, int line) implements Node {
    }

    record Binary(String op, Node left, Node right, int line) implements Node {
    }

    /** {@code operand | filter}, where filter is an {@link Ident} or a {@link Call} on one. */
    record Filter(Node operand, Node filter, int line) implements Node {
    }

    record Test(Node operand, boolean negate, String name, int line) implements Node {
    }

    /** {@code value if test} without else: undefined when the test fails; in a for loop, a filter. */
    record Select(Node value, Node test, int line) implements Node {
    }

    record Ternary(Node condition, Node whenTrue, Node whenFalse, int line) implements Node {
    }

    record If(Node test, List<Node> body, List<Node> otherwise, int line) implements Node {
    }

    record For(Node target, Node iterable, List<Node> body, List<Node> otherwise, int line) implements Node {
    }

    /** {@code set target = value}, or a block set ({@code value == null}) that captures its body. */
    record Set(Node target, Node value, List<Node> body, int line) implements Node {
    }

    /** A macro; {@code usesVarargs}/{@code usesKwargs} when its body mentions {@code varargs}/{@code kwargs}. */
    record Macro(String name, List<Node> params, List<Node> body, boolean usesVarargs, boolean usesKwargs, int line)
            implements Node {
    }

    record FilterBlock(Node filter, List<Node> body, int line) implements Node {
    }

    record Break(int line) implements Node {
    }

    record Continue(int line) implements Node {
    }

    record Comment(int line) implements Node {
    }
}
