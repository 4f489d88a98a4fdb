package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Token.Kind;

import java.util.List;

/** A cursor over the token list with the look-ahead and expectation helpers both parsers share. */
class TokenCursor {
    final List<Token> tokens;
    int cur;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    JinjaException error(String message) {
        int line = tokens.isEmpty() ? 1 : tokens.get(Math.min(cur, tokens.size() - 1)).line();
        return new JinjaException("syntax error: " + message, line);
    }

    Token peek() {
        if (cur >= tokens.size()) {
            throw error("unexpected end of template (an unclosed tag or block?)");
        }
        return tokens.get(cur);
    }

    int line() {
        return peek().line();
    }

    Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error("expected " + what + " but found '" + t.value() + "'");
        }
        cur++;
        return t;
    }

    boolean is(Kind... kinds) {
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

    boolean isIdent(String... names) {
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
}
