package dev.hone.engine.model;

/** Whether a model's base parameters are trained (and so keep grads) or frozen (LoRA, inference). */
public enum BaseWeights {
    /** Full fine-tuning: every base parameter has a grad. */
    TRAINABLE,
    /** No base grads are allocated; only attached adapters train. */
    FROZEN,
    /**
     * FROZEN with the linear weights (projections, LM head) and the token embedding stored as bf16, two
     * bytes per value; norms, biases and GPT-2's position table stay fp32. {@link ModelLoader} picks it for a bf16 checkpoint loaded FROZEN.
     */
    FROZEN_BF16;

    public boolean trainable() {
        return this == TRAINABLE;
    }

    /** Whether frozen linear weights and token embeddings are kept as bf16. */
    public boolean bf16Linears() {
        return this == FROZEN_BF16;
    }
}
