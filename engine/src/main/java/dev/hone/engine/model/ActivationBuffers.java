package dev.hone.engine.model;

/**
 * Allocates a model's activation and gradient-scratch arrays once per (B, T) and counts their bytes,
 * so the memory a mode costs is a number a test can check. A per-block cache ({@link #perBlock}) gets
 * one array per block under {@link ActivationMemory#KEEP}, and under {@link ActivationMemory#RECOMPUTE}
 * one array that every block writes in turn (the backward recomputes a block before reading it).
 * Not a pool: nothing is ever freed or handed out twice except those shared per-block arrays.
 * Reference: llm.c {@code malloc_and_point_activations}.
 */
public final class ActivationBuffers {
    private final ActivationMemory mode;
    private long bytes;

    public ActivationBuffers(ActivationMemory mode) {
        this.mode = mode;
    }

    /** One array of n floats (scratch or a single cache). */
    public float[] floats(int n) {
        bytes += (long) n * Float.BYTES;
        return new float[n];
    }

    /** A cache of n floats per block: L arrays, or under RECOMPUTE one array L times. */
    public float[][] perBlock(int L, int n) {
        if (mode == ActivationMemory.KEEP) {
            return kept(L, n);
        }
        return shared(L, n);
    }

    /** One array of n floats L times in every mode: a per-block value the backward never reads. */
    public float[][] shared(int L, int n) {
        float[] one = floats(n);
        float[][] out = new float[L][];
        for (int l = 0; l < L; l++) {
            out[l] = one;
        }
        return out;
    }

    /** n floats per block, one array each in every mode (block outputs: the next block's input). */
    public float[][] kept(int L, int n) {
        float[][] out = new float[L][];
        for (int l = 0; l < L; l++) {
            out[l] = floats(n);
        }
        return out;
    }

    public ActivationMemory mode() {
        return mode;
    }

    /** Bytes allocated so far. */
    public long bytes() {
        return bytes;
    }
}
