package dev.hone.engine.template;

import dev.hone.engine.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A stand-in tokenizer for encoder tests: listed special tokens are one id each, every other character
 * is its own token, and (optionally) {@code "\n\n"} merges into one token, the way BPE merges can span
 * a segment boundary. EOS is the last special token; BOS, if {@code bos} is given, is prepended by
 * {@link #encodeWithSpecialTokens}.
 */
final class CharTokenizer implements Tokenizer {
    private static final int CHAR_BASE = 1000;
    private static final int DOUBLE_NEWLINE = 999;
    private final List<String> specials;
    private final boolean mergeNewlines;
    private final String bos;

    CharTokenizer(List<String> specials, boolean mergeNewlines, String bos) {
        this.specials = specials;
        this.mergeNewlines = mergeNewlines;
        this.bos = bos;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        int i = 0;
        outer:
        while (i < text.length()) {
            for (int s = 0; s < specials.size(); s++) {
                if (text.startsWith(specials.get(s), i)) {
                    out.add(s);
                    i += specials.get(s).length();
                    continue outer;
                }
            }
            if (mergeNewlines && text.startsWith("\n\n", i)) {
                out.add(DOUBLE_NEWLINE);
                i += 2;
                continue;
            }
            out.add(CHAR_BASE + text.charAt(i));
            i++;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        int[] ids = encode(text);
        if (bos == null) {
            return ids;
        }
        int[] out = new int[ids.length + 1];
        out[0] = specials.indexOf(bos);
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            b.append(token(id));
        }
        return b.toString();
    }

    @Override
    public int vocabSize() {
        return CHAR_BASE + 65536;
    }

    @Override
    public OptionalInt bosId() {
        return bos == null ? OptionalInt.empty() : OptionalInt.of(specials.indexOf(bos));
    }

    @Override
    public OptionalInt eosId() {
        return OptionalInt.of(specials.size() - 1);
    }

    @Override
    public OptionalInt tokenId(String token) {
        int i = specials.indexOf(token);
        return i >= 0 ? OptionalInt.of(i) : OptionalInt.empty();
    }

    @Override
    public String token(int id) {
        if (id < specials.size()) {
            return specials.get(id);
        }
        return id == DOUBLE_NEWLINE ? "\n\n" : String.valueOf((char) (id - CHAR_BASE));
    }
}
