package dev.hone.engine.layer;

import dev.hone.engine.kernel.CausalAttention;

/**
 * Causal scaled dot-product self-attention with grouped-query heads (query head h reads key/value
 * head h / (NH/KVH), as HF {@code repeat_kv}). A token at t attends to t2 ≤ t only when both carry
 * the same segment id, so packed examples never see each other. Takes q, k, v already projected (and
 * rotated); the projections are {@link Linear}s. The arithmetic is the kernel
 * {@link CausalAttention} (Vector API, with {@code CausalAttentionReference} as its scalar spec); this
 * class is the layer-level entry the models call and the layer tests check by finite differences.
 * Reference: llm.c {@code attention_forward} / {@code attention_backward}; HF {@code eager_attention_forward}.
 */
public final class Attention {
    private Attention() {
    }

    /**
     * out = softmax(q·kᵀ/√hs + mask) · v.
     *
     * @param out      (B, T, NH, hs), overwritten
     * @param lse      (B, NH, T) log-sum-exp of each query row's scores, overwritten: all the backward
     *                 keeps (no (T, T) probabilities)
     * @param q        (B, T, NH, hs)
     * @param k        (B, T, KVH, hs)
     * @param v        (B, T, KVH, hs)
     * @param segments (B, T) segment id per token
     */
    public static void forward(float[] out, float[] lse, float[] q, float[] k, float[] v, int[] segments,
                               int B, int T, int NH, int KVH, int hs) {
        CausalAttention.forward(out, lse, q, k, v, segments, B, T, NH, KVH, hs);
    }

    /**
     * Differentiates {@code out = softmax(q·kᵀ·scale + mask) · v}: with att rebuilt from lse,
     * datt = dout·vᵀ, dpre = att ⊙ (datt − Σ att⊙datt)·scale, dq += dpre·k, dk += dpreᵀ·q, dv += attᵀ·dout.
     *
     * @param lse      (B, NH, T) from the matching forward
     * @param segments (B, T) as in the forward
     */
    public static void backward(float[] dq, float[] dk, float[] dv, float[] dout, float[] lse, float[] q,
                                float[] k, float[] v, int[] segments, int B, int T, int NH, int KVH, int hs) {
        CausalAttention.backward(dq, dk, dv, dout, lse, q, k, v, segments, B, T, NH, KVH, hs);
    }
}
