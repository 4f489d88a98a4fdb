package dev.hone.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BPE model: turns one pre-token into ids by starting from its characters and applying the ranked
 * merges, lowest rank first and leftmost first among equals (a priority queue of candidate pairs over a
 * linked list of symbols, so long pieces stay O(n log n)). Characters missing from the vocabulary become
 * {@code <0xNN>} byte tokens (byte fallback) or the unknown token (fused when {@code fuse_unk}).
 * Results are cached per pre-token. Not a Unigram or WordPiece model.
 * Reference: Hugging Face {@code tokenizers/src/models/bpe/word.rs} (merge_all) and {@code model.rs}.
 */
final class BpeModel {
    private static final int CACHE_LIMIT = 200_000;
    private static final int CACHEABLE_LENGTH = 256;

    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final MergeTable merges;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final String prefix;
    private final String suffix;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    record Options(String unkToken, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges,
                   String continuingSubwordPrefix, String endOfWordSuffix) {
    }

    /**
     * @param vocab  token → id
     * @param merges merge pairs in rank order (rank 0 first), each {left, right} token strings
     */
    BpeModel(Map<String, Integer> vocab, List<String[]> merges, Options options) {
        this.vocab = vocab;
        int maxId = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.idToToken = new String[maxId + 1];
        vocab.forEach((token, id) -> idToToken[id] = token);
        this.prefix = options.continuingSubwordPrefix() == null ? "" : options.continuingSubwordPrefix();
        this.suffix = options.endOfWordSuffix() == null ? "" : options.endOfWordSuffix();
        this.merges = new MergeTable(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] pair = merges.get(rank);
            Integer a = vocab.get(pair[0]);
            Integer b = vocab.get(pair[1]);
            String right = !prefix.isEmpty() && pair[1].startsWith(prefix) ? pair[1].substring(prefix.length()) : pair[1];
            Integer merged = vocab.get(pair[0] + right);
            if (a == null || b == null || merged == null) {
                throw new UnableToLoadTokenizerException("tokenizer.json merge #" + rank + " \"" + pair[0] + " "
                        + pair[1] + "\" uses a token missing from model.vocab; the file is inconsistent");
            }
            this.merges.put(a, b, rank, merged);
        }
        this.unkId = options.unkToken() == null ? -1 : vocab.getOrDefault(options.unkToken(), -1);
        this.fuseUnk = options.fuseUnk();
        this.byteFallback = options.byteFallback();
        this.ignoreMerges = options.ignoreMerges();
    }

    Integer id(String token) {
        return vocab.get(token);
    }

    String token(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }

    /** Number of vocabulary entries (Hugging Face's {@code get_vocab_size} for BPE). */
    int vocabularyCount() {
        return vocab.size();
    }

    /** One past the largest vocabulary id. */
    int size() {
        return idToToken.length;
    }

    /** Appends the ids of one pre-token to {@code out}. */
    void encode(String piece, IntList out) {
        if (ignoreMerges) {
            Integer whole = vocab.get(piece);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        int[] ids = cache.get(piece);
        if (ids == null) {
            ids = merge(piece);
            if (piece.length() <= CACHEABLE_LENGTH) {
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(piece, ids);
            }
        }
        out.addAll(ids);
    }

    private int[] merge(String piece) {
        IntList symbols = initialSymbols(piece);
        int n = symbols.size();
        int[] id = symbols.toArray();
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] dead = new boolean[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Candidate merges ordered by (rank, position): rank in the high 32 bits, position in the low.
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, id[i], id[i + 1], i);
        }
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int pos = (int) top[0];
            int newId = (int) top[1];
            if (dead[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            long target = merges.get(id[pos], id[right]);
            if (target < 0 || (int) target != newId) {
                continue; // stale: one side was merged with something else since this was queued
            }
            id[pos] = newId;
            dead[right] = true;
            next[pos] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = pos;
            }
            if (prev[pos] >= 0) {
                offer(queue, id[prev[pos]], id[pos], prev[pos]);
            }
            if (next[pos] >= 0) {
                offer(queue, id[pos], id[next[pos]], pos);
            }
        }
        IntList out = new IntList(n);
        for (int i = 0; i >= 0 && i < n; i = next[i]) {
            out.add(id[i]);
        }
        return out.toArray();
    }

    private void offer(PriorityQueue<long[]> queue, int a, int b, int pos) {
        long m = merges.get(a, b);
        if (m >= 0) {
            queue.add(new long[] {(m & 0xFFFFFFFF00000000L) | pos, (int) m});
        }
    }

    /** One symbol per character (with subword prefix/suffix), falling back to bytes or the unknown token. */
    private IntList initialSymbols(String piece) {
        IntList symbols = new IntList(piece.length());
        boolean lastWasUnk = false;
        int i = 0;
        while (i < piece.length()) {
            int cp = piece.codePointAt(i);
            int end = i + Character.charCount(cp);
            String s = piece.substring(i, end);
            if (i > 0) {
                s = prefix + s;
            }
            if (end == piece.length()) {
                s = s + suffix;
            }
            i = end;
            Integer id = vocab.get(s);
            if (id != null) {
                symbols.add(id);
                lastWasUnk = false;
                continue;
            }
            if (byteFallback && addBytes(piece.substring(end - Character.charCount(cp), end), symbols)) {
                lastWasUnk = false;
                continue;
            }
            if (unkId >= 0 && !(fuseUnk && lastWasUnk)) {
                symbols.add(unkId);
            }
            lastWasUnk = unkId >= 0;
        }
        return symbols;
    }

    private boolean addBytes(String ch, IntList symbols) {
        byte[] bytes = ch.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int k = 0; k < bytes.length; k++) {
            Integer id = vocab.get(byteToken(bytes[k] & 0xFF));
            if (id == null) {
                return false;
            }
            ids[k] = id;
        }
        symbols.addAll(ids);
        return true;
    }

    /** The byte-fallback token of a byte, e.g. {@code <0x0A>}. */
    static String byteToken(int b) {
        return String.format("<0x%02X>", b);
    }
}
