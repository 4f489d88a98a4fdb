package dev.hone.engine.data;

import java.util.Arrays;

/**
 * xoshiro256** (Blackman and Vigna), a small fast PRNG whose whole state is four longs, so it can be
 * saved in a checkpoint and restored exactly. Seeded through SplitMix64 as its authors recommend.
 * Not cryptographic and not thread-safe. Reference: the authors' published C code (prng.di.unimi.it).
 */
public final class Xoshiro256 {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    private Xoshiro256(long s0, long s1, long s2, long s3) {
        if ((s0 | s1 | s2 | s3) == 0) {
            throw new IllegalArgumentException("xoshiro256** state must not be all zero");
        }
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    /** A generator whose state is four successive SplitMix64 outputs from {@code seed}. */
    public static Xoshiro256 seeded(long seed) {
        long[] s = new long[4];
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        return new Xoshiro256(s[0], s[1], s[2], s[3]);
    }

    /** A generator continuing from a saved {@link #state()}. */
    public static Xoshiro256 fromState(long[] state) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException("xoshiro256** state is 4 longs, found "
                    + (state == null ? "null" : Arrays.toString(state)));
        }
        return new Xoshiro256(state[0], state[1], state[2], state[3]);
    }

    /** A copy of the current state: 4 longs. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, bound), without modulo bias (rejection on the top 31 bits). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, found " + bound);
        }
        int u = (int) (nextLong() >>> 33);
        int r = u % bound;
        while (u - r + (bound - 1) < 0) {
            u = (int) (nextLong() >>> 33);
            r = u % bound;
        }
        return r;
    }

    /** Uniform in [0, 1) with 24 random bits (every value exactly representable as a float). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1p-24f;
    }

    /** Fisher–Yates shuffle of {@code a} in place, drawing from this generator. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
