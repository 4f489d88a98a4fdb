package dev.hone.engine.model;

import dev.hone.engine.layer.Linear;

/**
 * Allocates a projection's weight (OC, C) and optional bias (OC) in a {@link ParameterSet} and builds
 * the {@link Linear} that reads them: fp32 with grads (TRAINABLE), fp32 frozen (FROZEN), or with the
 * weight stored as bf16 and the bias fp32, both frozen (FROZEN_BF16). Shared by the model families.
 */
public final class Projections {
    private Projections() {
    }

    /**
     * @param w    short name of the weight
     * @param b    short name of the bias, or null for none
     * @param base how base parameters are kept
     */
    public static Linear allocate(ParameterSet ps, String w, String b, BaseWeights base, int C, int OC) {
        boolean trainable = base.trainable();
        Parameter weight = base.bf16Linears() ? ps.allocateBf16(w, OC, C) : ps.allocate(w, trainable, OC, C);
        Parameter bias = b == null ? null : ps.allocate(b, trainable, OC);
        return of(weight, bias, C, OC);
    }

    /**
     * The {@link Linear} reading existing parameters (a tied LM head reads the embedding table).
     *
     * @param weight (OC, C), fp32 or bf16
     * @param bias   (OC) or null for none
     */
    public static Linear of(Parameter weight, Parameter bias, int C, int OC) {
        float[] biasData = bias == null ? null : bias.data();
        if (weight.bf16() != null) {
            return new Linear(weight.bf16(), biasData, C, OC);
        }
        return new Linear(weight.data(), weight.grad(), biasData, bias == null ? null : bias.grad(), C, OC);
    }
}
