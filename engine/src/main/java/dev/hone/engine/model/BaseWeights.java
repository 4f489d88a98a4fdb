package dev.hone.engine.model;

/** Whether a model's base parameters are trained (and so keep grads) or frozen (LoRA, inference). */
public enum BaseWeights {
    /** Full fine-tuning: every base parameter has a grad. */
    TRAINABLE,
    /** No base grads are allocated; only attached adapters train. */
    FROZEN;

    public boolean trainable() {
        return this == TRAINABLE;
    }
}
