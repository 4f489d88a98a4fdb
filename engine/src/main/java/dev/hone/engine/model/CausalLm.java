package dev.hone.engine.model;

import dev.hone.engine.layer.Linear;

import java.util.Map;

/**
 * A decoder-only language model with explicit forward and backward passes (no autograd graph).
 * One implementation per family: {@code LlamaModel}, {@code Gpt2Model}. Not thread-safe: one
 * forward/backward at a time. Activation caches are sized by the first forward; a later batch with
 * another (B, T) is an error.
 */
public interface CausalLm {
    ModelConfig config();

    /** Named fp32 parameters and grads (adapters included once attached). */
    ParameterSet parameters();

    /**
     * Runs the model on a batch and computes the loss.
     *
     * @return mean loss over weighted tokens and accuracy
     */
    StepResult forward(Batch batch);

    /**
     * After {@link #forward}: accumulates (+=) the gradient of the mean loss into the grads. Runs once
     * per forward (it writes dlogits over the forward's logits).
     */
    default void backward() {
        backward(1f);
    }

    /**
     * After {@link #forward}: accumulates the gradient of {@code scale · loss}. Gradient accumulation
     * uses scale = (this batch's weighted tokens) / (all weighted tokens of the step).
     */
    void backward(float scale);

    /**
     * Chooses how activations are kept for backward (default: {@link ActivationMemory#fromSystemProperty()}).
     *
     * @throws IllegalStateException after the first forward, which sizes the buffers
     */
    void activationMemory(ActivationMemory mode);

    /** Bytes of the model's activation and gradient-scratch buffers; 0 before the first forward. */
    long activationBytes();

    default void zeroGrad() {
        parameters().zeroGrad();
    }

    /** Logits (B, T, V) of the last forward; valid until {@link #backward} (which reuses the array). */
    float[] logits();

    /**
     * The projections LoRA can wrap, keyed by their Hugging Face module path
     * ({@code model.layers.0.self_attn.q_proj}, {@code transformer.h.0.attn.c_attn}).
     */
    Map<String, Linear> projections();
}
