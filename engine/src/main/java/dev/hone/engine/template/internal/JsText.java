package dev.hone.engine.template.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * String and number behaviour of JavaScript, which the oracle inherits and templates observe:
 * what counts as whitespace for trim/strip, how numbers print, Python-style split/replace as the
 * oracle implements them. Pure functions over strings; no template knowledge.
 */
final class JsText {
    private JsText() {
    }

    /** JavaScript's {@code \s}: WhiteSpace plus LineTerminator. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
                || c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200A') || c == '\u2028'
                || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000' || c == '\uFEFF';
    }

    /** JavaScript's {@code \w}: ASCII letters, digits and underscore. */
    static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static String trim(String s) {
        return trimStart(trimEnd(s));
    }

    static String trimStart(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String trimEnd(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }

    /** True for the keys JavaScript orders first in an object: canonical array indices. */
    static boolean isArrayIndex(String key) {
        if (key.isEmpty() || key.length() > 10 || (key.length() > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(key) < 4294967295L;
    }

    /** {@code Number.prototype.toString()}: shortest round-trip digits, JavaScript's notation rules. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return "0";
        }
        String sign = v < 0 ? "-" : "";
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int k = digits.length();
        int n = k - d.scale();
        String body;
        if (k <= n && n <= 21) {
            body = digits + "0".repeat(n - k);
        } else if (0 < n && n <= 21) {
            body = digits.substring(0, n) + "." + digits.substring(n);
        } else if (-6 < n && n <= 0) {
            body = "0." + "0".repeat(-n) + digits;
        } else {
            int e = n - 1;
            String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            body = mantissa + "e" + (e >= 0 ? "+" : "-") + Math.abs(e);
        }
        return sign + body;
    }

    /** {@code JSON.stringify(string)}: escapes quotes, backslash, control characters and lone surrogates. */
    static String jsonQuote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    boolean lone = Character.isHighSurrogate(c)
                            ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || lone) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Escapes every UTF-16 unit from U+007F up as {@code \\uXXXX} (the oracle's ensure_ascii). */
    static String asciiOnly(String json) {
        StringBuilder b = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c >= 0x7F) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Python's {@code str.split(sep, maxsplit)} as the oracle implements it; {@code sep == null} splits on runs of space. */
    static List<String> split(String s, String sep, int maxsplit) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            String text = trimStart(s);
            int i = 0;
            while (i < text.length()) {
                int start = i;
                while (i < text.length() && !isSpace(text.charAt(i))) {
                    i++;
                }
                if (maxsplit != -1 && out.size() >= maxsplit) {
                    out.add(text.substring(start));
                    return out;
                }
                out.add(text.substring(start, i));
                while (i < text.length() && isSpace(text.charAt(i))) {
                    i++;
                }
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw JinjaException.of("split(): empty separator");
        }
        int from = 0;
        while (true) {
            int at = s.indexOf(sep, from);
            if (at < 0 || (maxsplit != -1 && out.size() >= maxsplit)) {
                out.add(s.substring(from));
                return out;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
    }

    /** Python's {@code str.replace(old, new, count)}; an empty {@code old} inserts between code points. */
    static String replace(String s, String old, String replacement, long count) {
        if (count == 0) {
            return s;
        }
        long remaining = count < 0 ? Long.MAX_VALUE : count;
        StringBuilder b = new StringBuilder();
        if (old.isEmpty()) {
            int i = 0;
            while (true) {
                if (remaining > 0) {
                    b.append(replacement);
                    remaining--;
                }
                if (i >= s.length()) {
                    return b.toString();
                }
                int next = i + Character.charCount(s.codePointAt(i));
                b.append(s, i, next);
                i = next;
            }
        }
        int from = 0;
        while (remaining > 0) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            b.append(s, from, at).append(replacement);
            from = at + old.length();
            remaining--;
        }
        return b.append(s.substring(from)).toString();
    }

    /** The oracle's title case: upper-case each ASCII word character that follows a non-word character. */
    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean start = isWord(c) && (i == 0 || !isWord(s.charAt(i - 1)));
            b.append(start ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }

    /** Splits a string into code points, as JavaScript's {@code Array.from(string)} does. */
    static List<String> codePoints(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int next = i + Character.charCount(s.codePointAt(i));
            out.add(s.substring(i, next));
            i = next;
        }
        return out;
    }
}
