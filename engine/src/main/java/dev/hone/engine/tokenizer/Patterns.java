package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.Character.UnicodeScript;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns tokenizer.json patterns into {@link Pattern}s. {@code {"String": s}} is a literal;
 * {@code {"Regex": r}} is an Oniguruma regex, which Java runs after a few translations:
 * <ul>
 *   <li>{@code \s}, {@code \w}, {@code \d} and case folding are Unicode-aware in Oniguruma, so the
 *       pattern is compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} ({@code \s} = White_Space, as in
 *       Oniguruma's Zs|Zl|Zp|\t-\r|U+0085);</li>
 *   <li>script properties such as {@code \p{Han}} become {@code \p{IsHan}};</li>
 *   <li>{@code \h}/{@code \H} mean hex digit in Oniguruma (horizontal space in Java).</li>
 * </ul>
 * Possessive quantifiers, atomic groups, lookarounds and class intersections mean the same in both.
 */
final class Patterns {
    private Patterns() {
    }

    static Pattern fromJson(JsonNode p, String where) {
        if (p.has("String")) {
            return Pattern.compile(Pattern.quote(p.get("String").asText()));
        }
        if (p.has("Regex")) {
            return onig(p.get("Regex").asText(), where);
        }
        throw new UnableToLoadTokenizerException("tokenizer.json " + where + " pattern must be {\"String\": ...}"
                + " or {\"Regex\": ...}, found " + Json.abbreviate(p));
    }

    /** Compiles an Oniguruma-syntax regex as Java would run it with the same meaning. */
    static Pattern onig(String regex, String where) {
        try {
            return Pattern.compile(translate(regex), Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new UnsupportedTokenizerException("tokenizer.json " + where + " regex cannot be run by Java: "
                    + e.getDescription() + " in " + regex);
        }
    }

    static String translate(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 16);
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c != '\\' || i + 1 >= regex.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = regex.charAt(i + 1);
            if (e == 'h') {
                out.append("[0-9a-fA-F]");
                i += 2;
            } else if (e == 'H') {
                out.append("[^0-9a-fA-F]");
                i += 2;
            } else if ((e == 'p' || e == 'P') && i + 2 < regex.length() && regex.charAt(i + 2) == '{') {
                int close = regex.indexOf('}', i + 3);
                if (close < 0) {
                    out.append(regex, i, regex.length());
                    break;
                }
                String name = regex.substring(i + 3, close);
                boolean negated = name.startsWith("^"); // Oniguruma's \p{^X} is Java's \P{X}
                char letter = negated ? (e == 'p' ? 'P' : 'p') : e;
                out.append('\\').append(letter).append('{').append(property(negated ? name.substring(1) : name))
                        .append('}');
                i = close + 1;
            } else {
                out.append(c).append(e);
                i += 2;
            }
        }
        return out.toString();
    }

    private static String property(String name) {
        return isScript(name) ? "Is" + name : name;
    }

    private static boolean isScript(String name) {
        if (name.length() <= 2) {
            return false; // general categories: L, Lu, N, Nd, P, ...
        }
        try {
            UnicodeScript.forName(name);
            return true;
        } catch (IllegalArgumentException notAScript) {
            return false;
        }
    }
}
