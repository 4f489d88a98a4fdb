package dev.hone.engine.tokenizer;

import java.util.Arrays;

/**
 * Open-addressing hash map from a token pair (left id, right id) to its merge (rank, merged id), with
 * no boxing: BPE looks pairs up in its innermost loop and real vocabularies have ~300k merges.
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private long[] keys;
    private long[] values;
    private int size;

    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Sets the merge of a pair, replacing an earlier one (a later duplicate wins, as in Hugging Face). */
    void put(int left, int right, int rank, int merged) {
        if (size * 2 >= keys.length) {
            grow();
        }
        insert(pair(left, right), ((long) rank << 32) | (merged & 0xFFFFFFFFL));
    }

    /** Rank and merged id packed as {@code rank << 32 | merged}, or -1 when the pair has no merge. */
    long get(int left, int right) {
        long key = pair(left, right);
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
            if (keys[i] == EMPTY) {
                return -1L;
            }
        }
    }

    private void insert(long key, long value) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == EMPTY) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = (key ^ (key >>> 33)) * 0xFF51AFD7ED558CCDL; // MurmurHash3's 64-bit finalizer
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return (int) (h ^ (h >>> 33)) & mask;
    }
}
