package dev.hone.engine.generate;

import java.util.Arrays;
import java.util.List;

/**
 * The text of one choice as it grows: decodes the generated ids, finds stop strings across token
 * boundaries (the text is cut before the first match) and says which part is safe to stream. Held
 * back: a trailing U+FFFD (a UTF-8 character split across byte-level tokens) and the longest tail
 * that could still begin a stop string. Decodes the whole choice each step (O(n²) characters), which
 * is small beside a forward pass for the lengths served here.
 */
final class TextTracker {
    private static final char REPLACEMENT = '\uFFFD';

    private final Detokenizer detokenizer;
    private final List<String> stops;
    private int[] ids = new int[16];
    private int count;
    private String text = "";
    private int emitted;
    private boolean stopped;

    TextTracker(Detokenizer detokenizer, List<String> stops) {
        this.detokenizer = detokenizer;
        this.stops = stops;
    }

    /** Appends a token; returns the text that became safe to emit (possibly empty). */
    String add(int token) {
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, 2 * count);
        }
        ids[count++] = token;
        text = detokenizer.decode(Arrays.copyOf(ids, count));
        int cut = -1;
        for (String s : stops) {
            int i = text.indexOf(s);
            if (i >= 0 && (cut < 0 || i < cut)) {
                cut = i;
            }
        }
        if (cut >= 0) {
            stopped = true;
            text = text.substring(0, Math.max(cut, Math.min(emitted, text.length())));
            return emit(text.length());
        }
        int safe = text.length();
        while (safe > emitted && text.charAt(safe - 1) == REPLACEMENT) {
            safe--;
        }
        return emit(Math.max(emitted, safe - openStopPrefix(safe)));
    }

    /** Length of the longest tail of text[0, end) that is a proper prefix of some stop string. */
    private int openStopPrefix(int end) {
        int best = 0;
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, end); len > best; len--) {
                if (text.startsWith(s.substring(0, len), end - len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    private String emit(int upTo) {
        if (upTo <= emitted) {
            return "";
        }
        String delta = text.substring(emitted, upTo);
        emitted = upTo;
        return delta;
    }

    /** A stop string was found; the text ends before it. */
    boolean stopped() {
        return stopped;
    }

    /** Everything not yet emitted (the choice is over). */
    String finish() {
        return emit(text.length());
    }

    String text() {
        return text;
    }
}
