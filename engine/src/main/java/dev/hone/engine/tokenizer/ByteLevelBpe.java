package dev.hone.engine.tokenizer;

import java.util.List;

/**
 * A trained byte-level BPE vocabulary, ready to be written as tokenizer.json by {@link TokenizerWriter}.
 *
 * @param tokens        token string of each id (special tokens first, then the 256 byte characters of
 *                      GPT-2's byte map, then one token per new merge)
 * @param merges        merge pairs in rank order, each {left, right}
 * @param specialTokens special tokens, also {@code tokens[0..specialTokens.size())}
 * @param splitRegex    the pre-tokenizer regex the vocabulary was trained with (Oniguruma syntax)
 */
public record ByteLevelBpe(List<String> tokens, List<String[]> merges, List<String> specialTokens, String splitRegex) {
    public ByteLevelBpe {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        specialTokens = List.copyOf(specialTokens);
    }
}
