package dev.hone.engine.generate;

/**
 * The keys and values of one sequence, per layer (capacity, KVH, hs), filled up to {@link #length()}
 * tokens, plus the scratch buffers its forward passes reuse. One per request (and per choice when
 * n > 1): never shared between threads. Not a paged or shared-prefix cache.
 * Reference: llama3.java {@code State.keyCache / valueCache}.
 */
public final class KvCache {
    final float[][] k;     // L × (capacity, KVH*hs), RoPE already applied for Llama
    final float[][] v;     // L × (capacity, KVH*hs)
    final int capacity;
    final int kvDim;
    int length;
    Workspace ws;

    /**
     * @param L        layers
     * @param capacity the most tokens (prompt + generated) this sequence will hold
     * @param kvDim    KVH * hs
     */
    KvCache(int L, int capacity, int kvDim) {
        this.capacity = capacity;
        this.kvDim = kvDim;
        k = new float[L][capacity * kvDim];
        v = new float[L][capacity * kvDim];
    }

    /** Tokens stored so far (the position the next token will take). */
    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    /** A deep copy of the stored rows (n choices share one prefill); the copy gets its own scratch. */
    public KvCache copy() {
        KvCache c = new KvCache(k.length, capacity, kvDim);
        for (int l = 0; l < k.length; l++) {
            System.arraycopy(k[l], 0, c.k[l], 0, length * kvDim);
            System.arraycopy(v[l], 0, c.v[l], 0, length * kvDim);
        }
        c.length = length;
        return c;
    }
}
