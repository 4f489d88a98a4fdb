package dev.hone.engine.generate;

/**
 * The low-rank term of one adapted projection, applied without merging: out += scale · B·(A·x).
 *
 * @param a     (r, C) lora_A
 * @param b     (OC, r) lora_B
 * @param r     rank
 * @param scale alpha / r
 */
public record LoraDelta(float[] a, float[] b, int r, float scale) {
    public LoraDelta {
        if (r < 1 || a.length % r != 0 || b.length % r != 0) {
            throw new IllegalArgumentException("a LoRA delta needs A (r, C) and B (OC, r) with r ≥ 1; found r=" + r
                    + ", |A|=" + a.length + ", |B|=" + b.length);
        }
    }
}
