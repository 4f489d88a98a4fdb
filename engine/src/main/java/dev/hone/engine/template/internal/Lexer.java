package dev.hone.engine.template.internal;

import dev.hone.engine.template.internal.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a (preprocessed) chat template into tokens: text outside tags, and the words, literals and
 * operators inside {@code {{ }}} and {@code {% %}}; comments {@code {# #}} become one token. Handles
 * {@code {{-}/{@code -}}} style whitespace trimming. Mirrors the tokenisation of {@code @huggingface/jinja}
 * so that the same templates are accepted and trimmed identically; not a full Jinja2 lexer (no raw
 * blocks, no line statements, no custom delimiters).
 */
final class Lexer {
    private static final String[][] OPERATORS = {
        {"{%", "OPEN_STATEMENT"}, {"%}", "CLOSE_STATEMENT"}, {"{{", "OPEN_EXPRESSION"}, {"}}", "CLOSE_EXPRESSION"},
        {"(", "OPEN_PAREN"}, {")", "CLOSE_PAREN"}, {"{", "OPEN_CURLY"}, {"}", "CLOSE_CURLY"},
        {"[", "OPEN_BRACKET"}, {"]", "CLOSE_BRACKET"}, {",", "COMMA"}, {".", "DOT"}, {":", "COLON"}, {"|", "PIPE"},
        {"<=", "COMPARISON"}, {">=", "COMPARISON"}, {"==", "COMPARISON"}, {"!=", "COMPARISON"},
        {"<", "COMPARISON"}, {">", "COMPARISON"}, {"+", "ADDITIVE"}, {"-", "ADDITIVE"}, {"~", "ADDITIVE"},
        {"**", "POWER"}, {"*", "MULTIPLICATIVE"}, {"//", "MULTIPLICATIVE"}, {"/", "MULTIPLICATIVE"},
        {"%", "MULTIPLICATIVE"}, {"=", "EQUALS"},
    };

    private final String src;
    private final int[] origin;
    private final int[] lineStarts;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int curlyDepth;

    private Lexer(Preprocessor.Source source, String original) {
        this.src = source.text();
        this.origin = source.origin();
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < original.length(); i++) {
            if (original.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Tokenises {@code template} with trim_blocks and lstrip_blocks on, as Hugging Face renders chat templates. */
    static List<Token> tokenize(String template) {
        Lexer lexer = new Lexer(Preprocessor.run(template), template);
        lexer.run();
        return lexer.tokens;
    }

    private int lineAt(int p) {
        if (origin.length == 0) {
            return 1;
        }
        int o = origin[Math.min(p, origin.length - 1)];
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= o) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    private JinjaException error(String message) {
        return new JinjaException("syntax error: " + message, lineAt(pos));
    }

    private void push(Kind kind, String value, int at) {
        tokens.add(new Token(kind, value, lineAt(at)));
    }

    private Kind lastKind() {
        return tokens.isEmpty() ? null : tokens.getLast().kind();
    }

    private char at(int p) {
        return p < src.length() ? src.charAt(p) : '\0';
    }

    private boolean startsWith(String s) {
        return src.startsWith(s, pos);
    }

    private void run() {
        while (pos < src.length()) {
            Kind last = lastKind();
            if (last == null || last == Kind.CLOSE_STATEMENT || last == Kind.CLOSE_EXPRESSION || last == Kind.COMMENT) {
                int start = pos;
                while (pos < src.length() && !(at(pos) == '{' && "%{#".indexOf(at(pos + 1)) >= 0)) {
                    pos++;
                }
                if (pos > start) {
                    push(Kind.TEXT, src.substring(start, pos), start);
                    continue;
                }
            }
            if (at(pos) == '{' && at(pos + 1) == '#') {
                comment();
                continue;
            }
            if (startsWith("{%-") || startsWith("{{-")) {
                stripTrailingWhitespace();
                boolean statement = at(pos + 1) == '%';
                push(statement ? Kind.OPEN_STATEMENT : Kind.OPEN_EXPRESSION, statement ? "{%" : "{{", pos);
                if (!statement) {
                    curlyDepth = 0;
                }
                pos += 3;
                continue;
            }
            while (pos < src.length() && JsText.isSpace(at(pos))) {
                pos++;
            }
            if (startsWith("-%}") || startsWith("-}}")) {
                boolean statement = at(pos + 1) == '%';
                push(statement ? Kind.CLOSE_STATEMENT : Kind.CLOSE_EXPRESSION, statement ? "%}" : "}}", pos);
                pos += 3;
                skipLeadingWhitespace();
                continue;
            }
            if (pos >= src.length()) {
                break;
            }
            lexInsideTag();
        }
    }

    private void lexInsideTag() {
        char c = at(pos);
        if ((c == '-' || c == '+') && unaryPosition()) {
            int start = pos++;
            String num = digits();
            if (!num.isEmpty() && at(pos) == '.' && isDigit(at(pos + 1))) {
                pos++;
                num = num + "." + digits();
            }
            push(num.isEmpty() ? Kind.UNARY : Kind.NUMBER, c + num, start);
            return;
        }
        for (String[] op : OPERATORS) {
            if (op[0].equals("}}") && curlyDepth > 0) {
                continue;
            }
            if (startsWith(op[0])) {
                Kind kind = Kind.valueOf(op[1]);
                push(kind, op[0], pos);
                if (kind == Kind.OPEN_EXPRESSION) {
                    curlyDepth = 0;
                } else if (kind == Kind.OPEN_CURLY) {
                    curlyDepth++;
                } else if (kind == Kind.CLOSE_CURLY) {
                    curlyDepth--;
                }
                pos += op[0].length();
                return;
            }
        }
        if (c == '\'' || c == '"') {
            int start = pos++;
            String s = stringBody(c);
            pos++;
            push(Kind.STRING, s, start);
        } else if (isDigit(c)) {
            int start = pos;
            String num = digits();
            if (lastKind() != Kind.DOT && at(pos) == '.' && isDigit(at(pos + 1))) {
                pos++;
                num = num + "." + digits();
            }
            push(Kind.NUMBER, num, start);
        } else if (JsText.isWord(c)) {
            int start = pos;
            while (JsText.isWord(at(pos)) && pos < src.length()) {
                advance();
            }
            push(Kind.IDENT, src.substring(start, pos), start);
        } else {
            throw error("unexpected character '" + c + "'");
        }
    }

    /** A sign is unary unless it follows a value (identifier, literal, closing bracket). */
    private boolean unaryPosition() {
        Kind last = lastKind();
        if (last == null || last == Kind.TEXT) {
            throw error("unexpected character '" + at(pos) + "'");
        }
        return switch (last) {
            case IDENT, NUMBER, STRING, CLOSE_PAREN, CLOSE_BRACKET -> false;
            default -> true;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void advance() {
        pos++;
        if (pos >= src.length()) {
            throw error("unexpected end of template");
        }
    }

    private String digits() {
        int start = pos;
        while (pos < src.length() && isDigit(at(pos))) {
            advance();
        }
        return src.substring(start, pos);
    }

    private String stringBody(char quote) {
        StringBuilder b = new StringBuilder();
        while (pos >= src.length() || at(pos) != quote) {
            if (pos >= src.length()) {
                throw error("unterminated string literal");
            }
            if (at(pos) == '\\') {
                pos++;
                if (pos >= src.length()) {
                    throw error("unexpected end of template");
                }
                char e = at(pos++);
                if (e == 'x' || e == 'u') {
                    int len = e == 'x' ? 2 : 4;
                    String hex = src.substring(pos, Math.min(src.length(), pos + len));
                    if (hex.length() != len || !hex.matches("[0-9a-fA-F]+")) {
                        throw error("invalid hexadecimal escape \\" + e + hex);
                    }
                    b.append((char) Integer.parseInt(hex, 16));
                    pos += len;
                    continue;
                }
                String unescaped = switch (e) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    case 'b' -> "\b";
                    case 'f' -> "\f";
                    case 'v' -> "\u000B";
                    case '\'' -> "'";
                    case '"' -> "\"";
                    case '\\' -> "\\";
                    default -> throw error("unexpected escaped character '" + e + "'");
                };
                b.append(unescaped);
                continue;
            }
            b.append(at(pos));
            advance();
        }
        return b.toString();
    }

    private void comment() {
        int start = pos;
        pos += 2;
        boolean stripBefore = at(pos) == '-';
        if (stripBefore) {
            pos++;
        }
        StringBuilder text = new StringBuilder();
        while (at(pos) != '#' || at(pos + 1) != '}') {
            if (pos + 2 >= src.length()) {
                throw error("missing end of comment tag #}");
            }
            text.append(at(pos++));
        }
        boolean stripAfter = text.length() > 0 && text.charAt(text.length() - 1) == '-';
        if (stripBefore) {
            stripTrailingWhitespace();
        }
        push(Kind.COMMENT, text.toString(), start);
        pos += 2;
        if (stripAfter) {
            skipLeadingWhitespace();
        }
    }

    private void stripTrailingWhitespace() {
        if (lastKind() == Kind.TEXT) {
            Token t = tokens.removeLast();
            String trimmed = JsText.trimEnd(t.value());
            if (!trimmed.isEmpty()) {
                tokens.add(new Token(Kind.TEXT, trimmed, t.line()));
            }
        }
    }

    private void skipLeadingWhitespace() {
        while (pos < src.length() && JsText.isSpace(at(pos))) {
            pos++;
        }
    }
}
