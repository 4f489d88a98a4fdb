package dev.hone.engine.model;

import java.util.Random;

/**
 * Random initialisation for new models ({@code hone model init}), GPT-2 style: weights N(0, 0.02²),
 * output projections (wo, w2, attn/mlp c_proj) scaled by 1/√(2L), norm gains 1, biases 0.
 * LoRA tensors are left alone (they have their own init). Reference: nanoGPT {@code _init_weights}.
 */
public final class ModelInit {
    private ModelInit() {
    }

    /** Overwrites every base parameter from a generator seeded with {@code seed}, in parameter order. */
    public static void randomize(CausalLm model, long seed) {
        Random rng = new Random(seed);
        double residualStd = 0.02 / Math.sqrt(2.0 * model.config().L());
        for (Parameter p : model.parameters()) {
            String n = p.name();
            if (n.contains(".lora_")) {
                continue;
            }
            String leaf = n.substring(n.lastIndexOf('.') + 1);
            boolean gain = leaf.endsWith("norm") || leaf.equals("ln1w") || leaf.equals("ln2w") || leaf.equals("lnfw");
            boolean bias = leaf.startsWith("b") || leaf.endsWith("b");
            boolean residual = leaf.equals("wo") || leaf.equals("w2") || leaf.equals("attprojw") || leaf.equals("fcprojw");
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] = gain ? 1f : bias ? 0f : (float) (rng.nextGaussian() * (residual ? residualStd : 0.02));
            }
        }
    }
}
