package dev.hone.engine.model;

import dev.hone.engine.layer.RopeScaling;

/**
 * The shape and options of a model, read from a Hugging Face {@code config.json} by {@link ConfigReader}.
 * Dimension names: V vocab, C model width, L layers, NH query heads, KVH key/value heads, hs head size,
 * FF MLP hidden width, maxT position limit.
 *
 * @param family        which implementation runs it
 * @param architecture  the HF architecture name it was read from
 * @param ropeScaling   Llama-3 scaling, or null for plain RoPE (and for GPT-2)
 * @param tieEmbeddings the LM head reuses the token embedding
 * @param qkvBias       q/k/v projections carry a bias (Qwen2, Llama {@code attention_bias})
 * @param outputBias    the attention output projection carries a bias (Llama {@code attention_bias})
 * @param qkNorm        per-head RMSNorm on q and k before RoPE (Qwen3)
 * @param slidingWindow Mistral-style attention window in tokens, 0 for none; sequences (positions) must
 *                      stay inside it, since the attention kernel has no window mask
 */
public record ModelConfig(Family family, String architecture, int V, int C, int L, int NH, int KVH, int hs,
                          int FF, int maxT, float normEps, double ropeTheta, RopeScaling ropeScaling,
                          boolean tieEmbeddings, boolean qkvBias, boolean outputBias, boolean qkNorm,
                          int slidingWindow) {
    /** Model families with their own forward/backward. */
    public enum Family { LLAMA, GPT2 }

    public ModelConfig {
        if (V <= 0 || C <= 0 || L <= 0 || NH <= 0 || KVH <= 0 || hs <= 0 || FF <= 0 || maxT <= 0) {
            throw new UnableToLoadModelException("model dimensions must be positive; found vocab_size=" + V
                    + ", hidden_size=" + C + ", layers=" + L + ", heads=" + NH + ", kv_heads=" + KVH + ", head_dim="
                    + hs + ", intermediate_size=" + FF + ", max_positions=" + maxT);
        }
        if (NH % KVH != 0) {
            throw new UnableToLoadModelException("num_attention_heads (" + NH
                    + ") must be a multiple of num_key_value_heads (" + KVH + ")");
        }
        if (family == Family.LLAMA && hs % 2 != 0) {
            throw new UnableToLoadModelException("RoPE needs an even head_dim; found " + hs);
        }
        if (slidingWindow < 0) {
            throw new UnableToLoadModelException("sliding_window must be ≥ 0 (0 for none); found " + slidingWindow);
        }
        if (family == Family.GPT2 && NH * hs != C) {
            throw new UnableToLoadModelException("GPT-2 needs n_embd divisible by n_head; found n_embd=" + C
                    + ", n_head=" + NH);
        }
    }

    /** A plain Llama config (no biases, no q/k norm, no rope scaling), for tests and {@code model init}. */
    public static ModelConfig llama(int V, int C, int L, int NH, int KVH, int FF, int maxT, boolean tie) {
        return new ModelConfig(Family.LLAMA, "LlamaForCausalLM", V, C, L, NH, KVH, C / NH, FF, maxT, 1e-5f,
                10000.0, null, tie, false, false, false, 0);
    }

    /** A GPT-2 config with FF = 4C, for tests and {@code model init}. */
    public static ModelConfig gpt2(int V, int C, int L, int NH, int maxT) {
        return new ModelConfig(Family.GPT2, "GPT2LMHeadModel", V, C, L, NH, NH, C / NH, 4 * C, maxT, 1e-5f,
                0, null, true, true, true, false, 0);
    }

    public ModelConfig withQkvBias(boolean bias) {
        return new ModelConfig(family, architecture, V, C, L, NH, KVH, hs, FF, maxT, normEps, ropeTheta,
                ropeScaling, tieEmbeddings, bias, outputBias, qkNorm, slidingWindow);
    }

    public ModelConfig withQkNorm(boolean norm) {
        return new ModelConfig(family, architecture, V, C, L, NH, KVH, hs, FF, maxT, normEps, ropeTheta,
                ropeScaling, tieEmbeddings, qkvBias, outputBias, norm, slidingWindow);
    }

    public ModelConfig withRope(double theta, RopeScaling scaling) {
        return new ModelConfig(family, architecture, V, C, L, NH, KVH, hs, FF, maxT, normEps, theta, scaling,
                tieEmbeddings, qkvBias, outputBias, qkNorm, slidingWindow);
    }

    /**
     * Refuses a batch whose positions reach the sliding window (the attention has no window mask, so a
     * longer example would be computed differently from the reference model).
     */
    public void checkPositions(int[] positions) {
        int limit = family == Family.GPT2 ? maxT : Integer.MAX_VALUE;
        String what = "n_positions " + maxT;
        if (slidingWindow > 0 && slidingWindow < limit) {
            limit = slidingWindow;
            what = "sliding_window " + slidingWindow;
        }
        for (int p : positions) {
            if (p >= limit) {
                throw new IllegalArgumentException("position " + p + " is outside " + architecture + "'s " + what
                        + "; shorten the sequences to at most " + limit + " tokens");
            }
        }
    }
}
