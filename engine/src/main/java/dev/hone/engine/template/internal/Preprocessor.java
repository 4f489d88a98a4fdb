package dev.hone.engine.template.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whitespace rules Hugging Face applies before lexing a chat template: drop one trailing newline,
 * {@code lstrip_blocks} (spaces and tabs before a block tag at the start of a line), {@code trim_blocks}
 * (the newline right after a block tag), and removal of the transformers-specific
 * {@code {% generation %}} tags. Every step only deletes characters, so each kept character remembers
 * its offset in the original template; errors can then name the original line.
 */
final class Preprocessor {
    private static final String WS = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029"
            + "\\u202F\\u205F\\u3000\\uFEFF]";
    private static final Pattern GENERATION = Pattern.compile(
            "(" + WS + "*)\\{%(-?)" + WS + "*(?:end)?generation" + WS + "*(-?)%\\}(" + WS + "*)");

    /** The processed text and, for each of its characters, the offset in the original template. */
    record Source(String text, int[] origin) {
    }

    private Preprocessor() {
    }

    static Source run(String template) {
        int n = template.length();
        int[] origin = new int[n];
        for (int i = 0; i < n; i++) {
            origin[i] = i;
        }
        Source s = new Source(template, origin);
        if (template.endsWith("\n")) {
            s = keep(s, all(n, 0, n - 1));
        }
        s = lstripBlocks(s);
        s = trimBlocks(s);
        return dropGenerationTags(s);
    }

    private static boolean[] all(int n, int from, int to) {
        boolean[] keep = new boolean[n];
        for (int i = from; i < to; i++) {
            keep[i] = true;
        }
        return keep;
    }

    private static Source keep(Source s, boolean[] keep) {
        StringBuilder b = new StringBuilder();
        int[] origin = new int[s.text().length()];
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                b.append(s.text().charAt(i));
                origin[j++] = s.origin()[i];
            }
        }
        return new Source(b.toString(), java.util.Arrays.copyOf(origin, j));
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    /** {@code /^[ \t]*({[#%-])/gm → "$1"}. */
    private static Source lstripBlocks(Source s) {
        String t = s.text();
        boolean[] keep = all(t.length(), 0, t.length());
        for (int i = 0; i < t.length(); i++) {
            if (i != 0 && !isLineTerminator(t.charAt(i - 1))) {
                continue;
            }
            int j = i;
            while (j < t.length() && (t.charAt(j) == ' ' || t.charAt(j) == '\t')) {
                j++;
            }
            if (j + 1 < t.length() && t.charAt(j) == '{' && "#%-".indexOf(t.charAt(j + 1)) >= 0) {
                for (int k = i; k < j; k++) {
                    keep[k] = false;
                }
            }
        }
        return keep(s, keep);
    }

    /** {@code /([#%-]})\n/g → "$1"}. */
    private static Source trimBlocks(Source s) {
        String t = s.text();
        boolean[] keep = all(t.length(), 0, t.length());
        for (int i = 0; i + 2 < t.length(); i++) {
            if ("#%-".indexOf(t.charAt(i)) >= 0 && t.charAt(i + 1) == '}' && t.charAt(i + 2) == '\n') {
                keep[i + 2] = false;
                i += 2;
            }
        }
        return keep(s, keep);
    }

    private static Source dropGenerationTags(Source s) {
        String t = s.text();
        Matcher m = GENERATION.matcher(t);
        boolean[] keep = all(t.length(), 0, t.length());
        boolean any = false;
        while (m.find()) {
            any = true;
            int from = m.group(2).isEmpty() ? m.end(1) : m.start();
            int to = m.group(3).isEmpty() ? m.start(4) : m.end();
            for (int k = from; k < to; k++) {
                keep[k] = false;
            }
        }
        return any ? keep(s, keep) : s;
    }
}
