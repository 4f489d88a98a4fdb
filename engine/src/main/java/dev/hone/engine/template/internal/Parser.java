package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the syntax tree from tokens with the statement grammar of {@code @huggingface/jinja}
 * (expressions: {@link ExpressionParser}). Statements: set (incl. block set and
 * namespace attributes), if/elif/else, for/else with loop filters, macro, filter blocks,
 * break/continue. Not supported, with a clear error: call blocks, argument unpacking.
 */
final class Parser extends ExpressionParser {
    private Parser(List<Token> tokens) {
        super(tokens);
    }

    static List<Node> parse(List<Token> tokens) {
        Parser p = new Parser(tokens);
        List<Node> body = new ArrayList<>();
        while (p.cur < tokens.size()) {
            body.add(p.parseAny());
        }
        return body;
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
        int bodyStart = cur;
        List<Node> body = bodyUntil("endmacro");
        boolean varargs = false;
        boolean kwargs = false;
        for (Token t : tokens.subList(bodyStart, cur)) {
            varargs |= t.kind() == Kind.IDENT && t.value().equals("varargs");
            kwargs |= t.kind() == Kind.IDENT && t.value().equals("kwargs");
        }
        return new Node.Macro(id.name(), params, body, varargs, kwargs, line);
    }
}
