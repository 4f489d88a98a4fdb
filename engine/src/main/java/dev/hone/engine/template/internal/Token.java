package dev.hone.engine.template.internal;

/** A lexer token: its kind, its text (unescaped for string literals) and its template line. */
record Token(Kind kind, String value, int line) {

    /** Token kinds, as the oracle's lexer distinguishes them. */
    enum Kind {
        TEXT, NUMBER, STRING, IDENT, EQUALS, OPEN_PAREN, CLOSE_PAREN, OPEN_STATEMENT, CLOSE_STATEMENT,
        OPEN_EXPRESSION, CLOSE_EXPRESSION, OPEN_BRACKET, CLOSE_BRACKET, OPEN_CURLY, CLOSE_CURLY, COMMA, DOT,
        COLON, PIPE, ADDITIVE, MULTIPLICATIVE, POWER, COMPARISON, UNARY, COMMENT
    }
}
