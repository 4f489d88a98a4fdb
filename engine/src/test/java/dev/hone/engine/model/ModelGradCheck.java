package dev.hone.engine.model;

import dev.hone.engine.layer.GradCheck;

import java.util.Random;

/** Whole-model checks shared by the family tests: random init, a packed batch, finite differences. */
public final class ModelGradCheck {
    private ModelGradCheck() {
    }

    /** Fills every parameter with N(0, 0.3²), adding 1 to norm weights so activations stay sensible. */
    public static void randomInit(CausalLm model, long seed) {
        Random rng = new Random(seed);
        for (Parameter p : model.parameters()) {
            boolean norm = p.name().contains("norm") || p.name().contains(".ln") || p.name().startsWith("ln");
            boolean isWeight = !p.name().endsWith("b") && !p.name().endsWith("bias");
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] = (float) (rng.nextGaussian() * 0.3) + (norm && isWeight ? 1f : 0f);
            }
        }
    }

    /** Two rows of T=6: row 0 packs two examples (positions restart, second segment), row 1 has masked targets. */
    public static Batch packedBatch(int V) {
        int B = 2;
        int T = 6;
        Random rng = new Random(5);
        int[] tokens = new int[B * T];
        int[] targets = new int[B * T];
        for (int i = 0; i < B * T; i++) {
            tokens[i] = rng.nextInt(V);
            targets[i] = rng.nextInt(V);
        }
        int[] positions = {0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5};
        int[] segments = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2};
        float[] weights = {1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1};
        return new Batch(B, T, tokens, targets, positions, segments, weights);
    }

    /** Compares the analytic grad of the mean loss with central differences on a few elements per tensor. */
    public static void check(CausalLm model, Batch batch, int perTensor) {
        Random rng = new Random(99);
        model.zeroGrad();
        model.forward(batch);
        model.backward();
        for (Parameter p : model.parameters()) {
            if (p.trainable()) {
                GradCheck.check(p.name(), p.data(), p.grad(), () -> model.forward(batch).loss(), perTensor, rng);
            }
        }
    }
}
