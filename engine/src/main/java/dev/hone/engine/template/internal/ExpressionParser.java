package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Token.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The expression grammar of {@code @huggingface/jinja}, lowest precedence first: ternary/select,
 * {@code or}, {@code and}, {@code not}, comparisons and {@code in}, {@code + - ~}, {@code * / // %},
 * {@code **}, {@code is} tests, {@code |} filters, unary signs, calls/members/subscripts, primaries.
 */
class ExpressionParser extends TokenCursor {
    ExpressionParser(List<Token> tokens) {
        super(tokens);
    }

    Node parseExpressionSequence(boolean primary) {
        List<Node> items = new ArrayList<>();
        int line = line();
        items.add(primary ? parsePrimary() : parseExpression());
        boolean tuple = is(Kind.COMMA);
        while (tuple) {
            cur++;
            items.add(primary ? parsePrimary() : parseExpression());
            if (!is(Kind.COMMA)) {
                break;
            }
        }
        return tuple ? new Node.TupleLit(items, line) : items.getFirst();
    }

    Node parseExpression() {
        int line = line();
        Node a = parseOr();
        if (isIdent("if")) {
            cur++;
            Node test = parseOr();
            if (isIdent("else")) {
                cur++;
                Node otherwise = parseExpression();
                return new Node.Ternary(test, a, otherwise, line);
            }
            return new Node.Select(a, test, line);
        }
        return a;
    }

    Node parseOr() {
        Node left = parseAnd();
        while (isIdent("or")) {
            int line = line();
            cur++;
            left = new Node.Binary("or", left, parseAnd(), line);
        }
        return left;
    }

    Node parseAnd() {
        Node left = parseNot();
        while (isIdent("and")) {
            int line = line();
            cur++;
            left = new Node.Binary("and", left, parseNot(), line);
        }
        return left;
    }

    Node parseNot() {
        if (isIdent("not")) {
            int line = line();
            cur++;
            return new Node.Unary("not", parseNot(), line);
        }
        return parseComparison();
    }

    Node parseComparison() {
        Node left = parseAdditive();
        while (true) {
            int line = cur < tokens.size() ? line() : 0;
            String op;
            if (isIdent("not", "in")) {
                op = "not in";
                cur += 2;
            } else if (isIdent("in")) {
                op = "in";
                cur++;
            } else if (is(Kind.COMPARISON)) {
                op = tokens.get(cur++).value();
            } else {
                return left;
            }
            left = new Node.Binary(op, left, parseAdditive(), line);
        }
    }

    Node parseAdditive() {
        Node left = parseMultiplicative();
        while (is(Kind.ADDITIVE)) {
            Token op = tokens.get(cur++);
            left = new Node.Binary(op.value(), left, parseMultiplicative(), op.line());
        }
        return left;
    }

    Node parseMultiplicative() {
        Node left = parsePower();
        while (is(Kind.MULTIPLICATIVE)) {
            Token op = tokens.get(cur++);
            left = new Node.Binary(op.value(), left, parsePower(), op.line());
        }
        return left;
    }

    Node parsePower() {
        Node left = parseTest();
        while (is(Kind.POWER)) {
            Token op = tokens.get(cur++);
            left = new Node.Binary("**", left, parseTest(), op.line());
        }
        return left;
    }

    Node parseTest() {
        Node operand = parseFilter();
        while (isIdent("is")) {
            int line = line();
            cur++;
            boolean negate = isIdent("not");
            if (negate) {
                cur++;
            }
            Node test = parsePrimary();
            if (!(test instanceof Node.Ident id)) {
                throw error("expected a test name after 'is'");
            }
            operand = new Node.Test(operand, negate, id.name(), line);
        }
        return operand;
    }

    Node parseFilter() {
        Node operand = parseUnarySign();
        while (is(Kind.PIPE)) {
            int line = line();
            cur++;
            Node filter = parsePrimary();
            if (!(filter instanceof Node.Ident)) {
                throw error("expected a filter name after '|'");
            }
            if (is(Kind.OPEN_PAREN)) {
                filter = parseCall(filter);
            }
            operand = new Node.Filter(operand, filter, line);
        }
        return operand;
    }

    Node parseUnarySign() {
        Token t = peek();
        if ((t.kind() == Kind.UNARY || t.kind() == Kind.ADDITIVE) && (t.value().equals("-") || t.value().equals("+"))) {
            cur++;
            return new Node.Unary(t.value(), parseUnarySign(), t.line());
        }
        Node member = parseMember(parsePrimary());
        return is(Kind.OPEN_PAREN) ? parseCall(member) : member;
    }

    Node parseCall(Node callee) {
        int line = line();
        Node call = new Node.Call(callee, parseArgs(false), line);
        call = parseMember(call);
        return is(Kind.OPEN_PAREN) ? parseCall(call) : call;
    }

    List<Node> parseArgs(boolean parameters) {
        expect(Kind.OPEN_PAREN, "(");
        List<Node> args = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean sawKeyword = false;
        while (!is(Kind.CLOSE_PAREN)) {
            if (is(Kind.POWER) || (is(Kind.MULTIPLICATIVE) && peek().value().equals("*"))) {
                throw error("argument unpacking (* and **) is not supported in chat templates");
            }
            Node arg = parseExpression();
            if (is(Kind.EQUALS)) {
                cur++;
                if (!(arg instanceof Node.Ident id)) {
                    throw error(parameters ? "expected a parameter name before '='" : "expected a keyword before '='");
                }
                arg = new Node.KeywordArg(id.name(), parseExpression(), id.line());
            }
            if (parameters) {
                String n = arg instanceof Node.Ident id ? id.name()
                        : arg instanceof Node.KeywordArg k ? k.key() : null;
                if (n == null) {
                    throw error("expected a parameter name");
                }
                if (!names.add(n)) {
                    throw error("duplicate parameter name: " + n);
                }
            }
            if (arg instanceof Node.KeywordArg) {
                sawKeyword = true;
            } else if (sawKeyword) {
                throw error(parameters ? "non-default parameter follows default parameter"
                        : "positional argument follows keyword argument");
            }
            args.add(arg);
            if (is(Kind.COMMA)) {
                cur++;
            }
        }
        expect(Kind.CLOSE_PAREN, ")");
        return args;
    }

    Node parseSubscript() {
        List<Node> parts = new ArrayList<>();
        boolean slice = false;
        int line = line();
        while (!is(Kind.CLOSE_BRACKET)) {
            if (is(Kind.COLON)) {
                parts.add(null);
                cur++;
                slice = true;
            } else {
                parts.add(parseExpression());
                if (is(Kind.COLON)) {
                    cur++;
                    slice = true;
                }
            }
        }
        if (parts.isEmpty()) {
            throw error("expected an index or slice inside []");
        }
        if (slice) {
            if (parts.size() > 3) {
                throw error("a slice takes at most 3 parts");
            }
            return new Node.Slice(parts.get(0), parts.size() > 1 ? parts.get(1) : null,
                    parts.size() > 2 ? parts.get(2) : null, line);
        }
        return parts.getFirst();
    }

    Node parseMember(Node object) {
        while (is(Kind.DOT) || is(Kind.OPEN_BRACKET)) {
            Token op = tokens.get(cur++);
            boolean computed = op.kind() == Kind.OPEN_BRACKET;
            Node property;
            if (computed) {
                property = parseSubscript();
                expect(Kind.CLOSE_BRACKET, "]");
            } else {
                property = parsePrimary();
                boolean integer = property instanceof Node.Num n && !n.isFloat();
                if (!(property instanceof Node.Ident) && !integer) {
                    throw error("expected a name or integer after '.'");
                }
            }
            object = new Node.Member(object, property, computed, op.line());
        }
        return object;
    }

    Node parsePrimary() {
        Token t = peek();
        cur++;
        int line = t.line();
        switch (t.kind()) {
            case NUMBER:
                return new Node.Num(Double.parseDouble(t.value()), t.value().contains("."), line);
            case STRING: {
                StringBuilder value = new StringBuilder(t.value());
                while (is(Kind.STRING)) {
                    value.append(tokens.get(cur++).value());
                }
                return new Node.Str(value.toString(), line);
            }
            case IDENT:
                return new Node.Ident(t.value(), line);
            case OPEN_PAREN: {
                Node e = parseExpressionSequence(false);
                expect(Kind.CLOSE_PAREN, ")");
                return e;
            }
            case OPEN_BRACKET: {
                List<Node> items = new ArrayList<>();
                while (!is(Kind.CLOSE_BRACKET)) {
                    items.add(parseExpression());
                    if (is(Kind.COMMA)) {
                        cur++;
                    }
                }
                cur++;
                return new Node.ArrayLit(items, line);
            }
            case OPEN_CURLY: {
                List<Node> keys = new ArrayList<>();
                List<Node> values = new ArrayList<>();
                while (!is(Kind.CLOSE_CURLY)) {
                    keys.add(parseExpression());
                    expect(Kind.COLON, "':' between key and value");
                    values.add(parseExpression());
                    if (is(Kind.COMMA)) {
                        cur++;
                    }
                }
                cur++;
                return new Node.ObjectLit(keys, values, line);
            }
            default:
                cur--;
                throw error("unexpected '" + t.value() + "'");
        }
    }
}
