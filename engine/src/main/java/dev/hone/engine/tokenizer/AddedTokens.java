package dev.hone.engine.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens ({@code added_tokens} of tokenizer.json, e.g. {@code <|im_start|>}, {@code <s>})
 * in text and splits them out before the model runs, the way Hugging Face does: leftmost-longest
 * matches; {@code lstrip}/{@code rstrip} swallow neighbouring whitespace; a {@code single_word} token
 * only matches with no word character on either side. One instance matches one kind of token
 * (the raw-text ones or the {@code normalized} ones, which are matched after normalization).
 * Reference: Hugging Face {@code tokenizers/src/tokenizer/added_vocabulary.rs} (find_matches).
 */
final class AddedTokens {

    /** One entry of {@code added_tokens}. */
    record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip,
                      boolean normalized, boolean singleWord) {
    }

    /** A stretch of text (id &lt; 0) or one matched added token. */
    record Segment(String text, int id) {
        boolean isToken() {
            return id >= 0;
        }
    }

    private final Map<Character, List<AddedToken>> byFirstChar = new HashMap<>();

    AddedTokens(List<AddedToken> tokens) {
        for (AddedToken t : tokens) {
            if (!t.content().isEmpty()) {
                byFirstChar.computeIfAbsent(t.content().charAt(0), c -> new ArrayList<>()).add(t);
            }
        }
        byFirstChar.values().forEach(l -> l.sort(Comparator.comparingInt((AddedToken t) -> -t.content().length())));
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    /** Splits {@code text} into text stretches (none empty) and added tokens, in order. */
    List<Segment> split(String text) {
        List<Segment> out = new ArrayList<>();
        if (byFirstChar.isEmpty()) {
            out.add(new Segment(text, -1));
            return out;
        }
        int emitted = 0; // text before this offset is already in out
        int i = 0;
        while (i < text.length()) {
            AddedToken t = longestAt(text, i);
            if (t == null) {
                i++;
                continue;
            }
            int start = i;
            int stop = i + t.content().length();
            if (t.singleWord() && (wordCharBefore(text, start) || wordCharAt(text, stop))) {
                i = stop; // a discarded match still consumes its text, as in Aho-Corasick iteration
                continue;
            }
            if (t.lstrip()) {
                while (start > emitted && Character.isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (t.rstrip()) {
                while (stop < text.length() && Character.isWhitespace(text.charAt(stop))) {
                    stop++;
                }
            }
            if (start > emitted) {
                out.add(new Segment(text.substring(emitted, start), -1));
            }
            out.add(new Segment(t.content(), t.id()));
            emitted = stop;
            i = stop;
        }
        if (emitted < text.length()) {
            out.add(new Segment(text.substring(emitted), -1));
        }
        return out;
    }

    private AddedToken longestAt(String text, int i) {
        List<AddedToken> candidates = byFirstChar.get(text.charAt(i));
        if (candidates == null) {
            return null;
        }
        for (AddedToken t : candidates) {
            if (text.startsWith(t.content(), i)) {
                return t;
            }
        }
        return null;
    }

    private static boolean wordCharBefore(String text, int i) {
        return i > 0 && isWordChar(text.codePointBefore(i));
    }

    private static boolean wordCharAt(String text, int i) {
        return i < text.length() && isWordChar(text.codePointAt(i));
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }
}
