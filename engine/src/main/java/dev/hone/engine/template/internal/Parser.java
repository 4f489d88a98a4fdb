package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Token.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Builds the syntax tree from tokens with the grammar and operator precedence of
 * {@code @huggingface/jinja} (lowest first): ternary/select, {@code or}, {@code and}, {@code not},
 * comparisons and {@code in}, {@code + - ~}, {@code * / // %}, {@code **}, {@code is} tests,
 * {@code |} filters, unary signs, calls/members, primaries. Statements: set (incl. block set and
 * namespace attributes), if/elif/else, for/else with loop filters, macro, filter blocks,
 * break/continue. Not supported, with a clear error: call blocks, argument unpacking.
 */
final class Parser {
    private final List<Token> tokens;
    private int cur;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(List<Token> tokens) {
        Parser p = new Parser(tokens);
        List<Node> body = new ArrayList<>();
        while (p.cur < tokens.size()) {
            body.add(p.parseAny());
        }
        return body;
    }

    private JinjaException error(String message) {
        int line = tokens.isEmpty() ? 1 : tokens.get(Math.min(cur, tokens.size() - 1)).line();
        return new JinjaException("syntax error: " + message, line);
    }

    private Token peek() {
        if (cur >= tokens.size()) {
            throw error("unexpected end of template (an unclosed tag or block?)");
        }
        return tokens.get(cur);
    }

    private int line() {
        return peek().line();
    }

    private Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error("expected " + what + " but found '" + t.value() + "'");
        }
        cur++;
        return t;
    }

    private boolean is(Kind... kinds) {
        if (cur + kinds.length > tokens.size()) {
            return false;
        }
        for (int i = 0; i < kinds.length; i++) {
            if (tokens.get(cur + i).kind() != kinds[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean isIdent(String... names) {
        if (cur + names.length > tokens.size()) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            Token t = tokens.get(cur + i);
            if (t.kind() != Kind.IDENT || !t.value().equals(names[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean isStatement(String... names) {
        if (cur + 1 >= tokens.size() || tokens.get(cur).kind() != Kind.OPEN_STATEMENT
                || tokens.get(cur + 1).kind() != Kind.IDENT) {
            return false;
        }
        return List.of(names).contains(tokens.get(cur + 1).value());
    }

    private void expectEnd(String name) {
        expect(Kind.OPEN_STATEMENT, "{% " + name + " %}");
        if (!isIdent(name)) {
            throw error("expected {% " + name + " %} but found '" + peek().value() + "'");
        }
        cur++;
        expect(Kind.CLOSE_STATEMENT, "%}");
    }

    private List<Node> bodyUntil(String... names) {
        List<Node> body = new ArrayList<>();
        while (!isStatement(names)) {
            body.add(parseAny());
        }
        return body;
    }

    private Node parseAny() {
        Token t = peek();
        return switch (t.kind()) {
            case COMMENT -> {
                cur++;
                yield new Node.Comment(t.line());
            }
            case TEXT -> {
                cur++;
                yield new Node.Str(t.value(), t.line());
            }
            case OPEN_STATEMENT -> parseStatement();
            case OPEN_EXPRESSION -> {
                cur++;
                Node e = parseExpression();
                expect(Kind.CLOSE_EXPRESSION, "}}");
                yield e;
            }
            default -> throw error("unexpected '" + t.value() + "'");
        };
    }

    private Node parseStatement() {
        expect(Kind.OPEN_STATEMENT, "{%");
        Token name = peek();
        if (name.kind() != Kind.IDENT) {
            throw error("expected a statement name after {% but found '" + name.value() + "'");
        }
        cur++;
        int line = name.line();
        switch (name.value()) {
            case "set":
                return parseSet(line);
            case "if": {
                Node result = parseIf(line);
                expectEnd("endif");
                return result;
            }
            case "for": {
                Node result = parseFor(line);
                expectEnd("endfor");
                return result;
            }
            case "macro": {
                Node result = parseMacro(line);
                expectEnd("endmacro");
                return result;
            }
            case "filter": {
                Node filter = parsePrimary();
                if (filter instanceof Node.Ident && is(Kind.OPEN_PAREN)) {
                    filter = parseCall(filter);
                }
                expect(Kind.CLOSE_STATEMENT, "%}");
                List<Node> body = bodyUntil("endfilter");
                expectEnd("endfilter");
                return new Node.FilterBlock(filter, body, line);
            }
            case "break":
                expect(Kind.CLOSE_STATEMENT, "%}");
                return new Node.Break(line);
            case "continue":
                expect(Kind.CLOSE_STATEMENT, "%}");
                return new Node.Continue(line);
            default:
                throw error("unsupported statement '" + name.value() + "' (supported: set, if, for, macro, "
                        + "filter, break, continue)");
        }
    }

    private Node parseSet(int line) {
        Node target = parseExpressionSequence(false);
        if (is(Kind.EQUALS)) {
            cur++;
            Node value = parseExpressionSequence(false);
            expect(Kind.CLOSE_STATEMENT, "%}");
            return new Node.Set(target, value, List.of(), line);
        }
        expect(Kind.CLOSE_STATEMENT, "%}");
        List<Node> body = bodyUntil("endset");
        expectEnd("endset");
        return new Node.Set(target, null, body, line);
    }

    private Node parseIf(int line) {
        Node test = parseExpression();
        expect(Kind.CLOSE_STATEMENT, "%}");
        List<Node> body = bodyUntil("elif", "else", "endif");
        List<Node> otherwise = new ArrayList<>();
        if (isStatement("elif")) {
            int elifLine = tokens.get(cur + 1).line();
            cur += 2;
            otherwise.add(parseIf(elifLine));
        } else if (isStatement("else")) {
            cur += 2;
            expect(Kind.CLOSE_STATEMENT, "%}");
            otherwise.addAll(bodyUntil("endif"));
        }
        return new Node.If(test, body, otherwise, line);
    }

    private Node parseFor(int line) {
        Node target = parseExpressionSequence(true);
        if (!(target instanceof Node.Ident || target instanceof Node.TupleLit)) {
            throw error("expected a variable name or tuple after 'for'");
        }
        if (!isIdent("in")) {
            throw error("expected 'in' after the loop variable");
        }
        cur++;
        Node iterable = parseExpression();
        expect(Kind.CLOSE_STATEMENT, "%}");
        List<Node> body = bodyUntil("endfor", "else");
        List<Node> otherwise = new ArrayList<>();
        if (isStatement("else")) {
            cur += 2;
            expect(Kind.CLOSE_STATEMENT, "%}");
            otherwise.addAll(bodyUntil("endfor"));
        }
        return new Node.For(target, iterable, body, otherwise, line);
    }

    private Node parseMacro(int line) {
        Node name = parsePrimary();
        if (!(name instanceof Node.Ident id)) {
            throw error("expected a macro name");
        }
        List<Node> params = parseArgs(true);
        expect(Kind.CLOSE_STATEMENT, "%}");
        List<Node> body = bodyUntil("endmacro");
        return new Node.Macro(id.name(), params, body, line);
    }

    private Node parseExpressionSequence(boolean primary) {
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

    private Node parseOr() {
        Node left = parseAnd();
        while (isIdent("or")) {
            int line = line();
            cur++;
            left = new Node.Binary("or", left, parseAnd(), line);
        }
        return left;
    }

    private Node parseAnd() {
        Node left = parseNot();
        while (isIdent("and")) {
            int line = line();
            cur++;
            left = new Node.Binary("and", left, parseNot(), line);
        }
        return left;
    }

    private Node parseNot() {
        if (isIdent("not")) {
            int line = line();
            cur++;
            return new Node.Unary("not", parseNot(), line);
        }
        return parseComparison();
    }

    private Node parseComparison() {
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

    private Node parseAdditive() {
        Node left = parseMultiplicative();
        while (is(Kind.ADDITIVE)) {
            Token op = tokens.get(cur++);
            left = new Node.Binary(op.value(), left, parseMultiplicative(), op.line());
        }
        return left;
    }

    private Node parseMultiplicative() {
        Node left = parsePower();
        while (is(Kind.MULTIPLICATIVE)) {
            Token op = tokens.get(cur++);
            left = new Node.Binary(op.value(), left, parsePower(), op.line());
        }
        return left;
    }

    private Node parsePower() {
        Node left = parseTest();
        while (is(Kind.POWER)) {
            Token op = tokens.get(cur++);
            left = new Node.Binary("**", left, parseTest(), op.line());
        }
        return left;
    }

    private Node parseTest() {
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

    private Node parseFilter() {
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

    private Node parseUnarySign() {
        Token t = peek();
        if ((t.kind() == Kind.UNARY || t.kind() == Kind.ADDITIVE) && (t.value().equals("-") || t.value().equals("+"))) {
            cur++;
            return new Node.Unary(t.value(), parseUnarySign(), t.line());
        }
        Node member = parseMember(parsePrimary());
        return is(Kind.OPEN_PAREN) ? parseCall(member) : member;
    }

    private Node parseCall(Node callee) {
        int line = line();
        Node call = new Node.Call(callee, parseArgs(false), line);
        call = parseMember(call);
        return is(Kind.OPEN_PAREN) ? parseCall(call) : call;
    }

    private List<Node> parseArgs(boolean parameters) {
        expect(Kind.OPEN_PAREN, "(");
        List<Node> args = new ArrayList<>();
        java.util.Set<String> names = new HashSet<>();
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

    private Node parseSubscript() {
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

    private Node parseMember(Node object) {
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

    private Node parsePrimary() {
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
