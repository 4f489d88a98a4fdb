package dev.hone.engine.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Trains a byte-level BPE vocabulary from text, deterministically: the text is split like Qwen2/3 do
 * (one regex, special tokens removed first), each piece becomes GPT-2 byte characters, and each step
 * merges the most frequent adjacent pair (ties: the smaller (left id, right id)). The vocabulary starts
 * with the special tokens and all 256 byte characters, so any text can be encoded.
 * Pair counts are updated incrementally per affected word, with a lazily invalidated max-heap.
 * Not a SentencePiece or Unigram trainer. Reference: Sennrich et al. 2016; Hugging Face {@code BpeTrainer}.
 */
public final class ByteLevelBpeTrainer {
    /** Qwen2/Qwen3's pre-tokenizer regex: contractions, letters, single digits, punctuation, whitespace runs. */
    public static final String DEFAULT_SPLIT_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<int[]> words = new ArrayList<>();
    private final List<Long> wordCounts = new ArrayList<>();
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Map<Long, Set<Integer>> pairWords = new HashMap<>();
    private final PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) -> x[0] != y[0]
            ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));

    private ByteLevelBpeTrainer() {
    }

    /**
     * Trains a vocabulary.
     *
     * @param texts         training texts; special tokens written in them are not learned from
     * @param merges        number of merges to learn (fewer when no remaining pair occurs {@code minFrequency}
     *                      times); the vocabulary has at most specials + 256 + merges ids
     * @param specialTokens e.g. {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}; ids 0.. in order
     * @param minFrequency  a pair must occur at least this often to be merged (≥ 1)
     */
    public static ByteLevelBpe train(List<String> texts, int merges, List<String> specialTokens, int minFrequency) {
        if (merges < 0 || minFrequency < 1) {
            throw new IllegalArgumentException("merges must be ≥ 0 and minFrequency ≥ 1, got " + merges + ", "
                    + minFrequency);
        }
        ByteLevelBpeTrainer t = new ByteLevelBpeTrainer();
        for (String s : specialTokens) {
            t.addToken(s);
        }
        for (int b = 0; b < 256; b++) {
            t.addToken(String.valueOf(ByteLevel.charOf(b)));
        }
        t.countWords(texts, specialTokens);
        List<String[]> learned = t.learn(merges, minFrequency);
        return new ByteLevelBpe(t.tokens, learned, specialTokens, DEFAULT_SPLIT_REGEX);
    }

    private int addToken(String token) {
        Integer existing = ids.get(token);
        if (existing != null) {
            return existing;
        }
        tokens.add(token);
        ids.put(token, tokens.size() - 1);
        return tokens.size() - 1;
    }

    private void countWords(List<String> texts, List<String> specialTokens) {
        Pattern split = Patterns.onig(DEFAULT_SPLIT_REGEX, "trainer");
        List<AddedTokens.AddedToken> specials = new ArrayList<>();
        for (String s : specialTokens) {
            specials.add(new AddedTokens.AddedToken(ids.get(s), s, true, false, false, false, false));
        }
        AddedTokens added = new AddedTokens(specials);
        Map<String, Long> counts = new LinkedHashMap<>(); // first-seen order keeps training deterministic
        for (String text : texts) {
            for (AddedTokens.Segment seg : added.split(text)) {
                if (seg.isToken()) {
                    continue;
                }
                for (String piece : PreTokenizer.splitByRegex(seg.text(), split, PreTokenizer.Behavior.ISOLATED, false)) {
                    counts.merge(ByteLevel.encode(piece), 1L, Long::sum);
                }
            }
        }
        for (var e : counts.entrySet()) {
            String w = e.getKey();
            int[] symbols = new int[w.length()];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = ids.get(String.valueOf(w.charAt(i)));
            }
            words.add(symbols);
            wordCounts.add(e.getValue());
            addPairs(words.size() - 1);
        }
        for (var e : pairCounts.entrySet()) {
            heap.add(new long[] {e.getValue(), e.getKey()});
        }
    }

    private List<String[]> learn(int merges, int minFrequency) {
        List<String[]> learned = new ArrayList<>();
        while (learned.size() < merges && !heap.isEmpty()) {
            long[] top = heap.poll();
            long pair = top[1];
            long count = pairCounts.getOrDefault(pair, 0L);
            if (count != top[0]) {
                continue; // stale entry: the count changed and a fresh entry was pushed
            }
            if (count < minFrequency) {
                break;
            }
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            int merged = addToken(tokens.get(a) + tokens.get(b));
            learned.add(new String[] {tokens.get(a), tokens.get(b)});
            Map<Long, Long> delta = new HashMap<>();
            for (int w : List.copyOf(pairWords.getOrDefault(pair, Set.of()))) {
                mergeWord(w, a, b, merged, delta);
            }
            pairCounts.remove(pair);
            delta.remove(pair);
            pairWords.remove(pair);
            delta.entrySet().stream().filter(e -> e.getValue() != 0).map(Map.Entry::getKey).sorted().forEach(p -> {
                long now = pairCounts.merge(p, delta.get(p), Long::sum);
                if (now == 0) {
                    pairCounts.remove(p);
                } else {
                    heap.add(new long[] {now, p});
                }
            });
        }
        return learned;
    }

    /**
     * Replaces every (a, b) in word {@code w} by {@code merged}, left to right, recording only the pair
     * counts that change around each occurrence: (prev, a) → (prev, merged) and (b, next) → (merged, next).
     * Working on the output so far makes back-to-back occurrences ("a b a b") come out right.
     */
    private void mergeWord(int w, int a, int b, int merged, Map<Long, Long> delta) {
        int[] word = words.get(w);
        long c = wordCounts.get(w);
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                if (n > 0) {
                    delta.merge(pair(out[n - 1], a), -c, Long::sum);
                    addPair(pair(out[n - 1], merged), c, w, delta);
                }
                if (i + 2 < word.length) {
                    delta.merge(pair(b, word[i + 2]), -c, Long::sum);
                    addPair(pair(merged, word[i + 2]), c, w, delta);
                }
                out[n++] = merged;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        if (n < word.length) { // otherwise a stale index entry: the pair left this word in an earlier merge
            words.set(w, Arrays.copyOf(out, n));
        }
    }

    private void addPair(long p, long c, int w, Map<Long, Long> delta) {
        delta.merge(p, c, Long::sum);
        pairWords.computeIfAbsent(p, k -> new HashSet<>()).add(w);
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | right;
    }

    private static void forEachPair(int[] s, java.util.function.LongConsumer f) {
        for (int i = 0; i + 1 < s.length; i++) {
            f.accept(pair(s[i], s[i + 1]));
        }
    }

    /** Adds the pair occurrences of word {@code w}, weighted by its count, to the counts and the index. */
    private void addPairs(int w) {
        long c = wordCounts.get(w);
        forEachPair(words.get(w), p -> {
            pairCounts.merge(p, c, Long::sum);
            pairWords.computeIfAbsent(p, k -> new HashSet<>()).add(w);
        });
    }
}
