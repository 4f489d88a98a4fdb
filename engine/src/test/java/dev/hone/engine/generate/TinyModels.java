package dev.hone.engine.generate;

import dev.hone.engine.layer.RopeScaling;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Tiny random-weight models for generation tests, and the training forward as the reference. */
final class TinyModels {
    static final int V = 67;

    private TinyModels() {
    }

    /** Llama with GQA (4 heads, 2 KV heads), Llama-3 rope scaling and an untied head. */
    static CausalLm llama(long seed, int maxT) {
        ModelConfig c = ModelConfig.llama(V, 32, 2, 4, 2, 48, maxT, false)
                .withRope(500000.0, new RopeScaling(8.0, 1.0, 4.0, 16));
        return fill(new LlamaModel(c, BaseWeights.FROZEN), seed);
    }

    /** Qwen3-like: tied head, q/k/v biases, per-head q/k RMSNorm, head_dim 12 (NH·hs ≠ C), one KV head. */
    static CausalLm qwen(long seed, int maxT) {
        ModelConfig c = new ModelConfig(ModelConfig.Family.LLAMA, "Qwen3ForCausalLM", V, 32, 2, 4, 1, 12, 40, maxT,
                1e-6f, 10000.0, null, true, true, false, true, 0);
        return fill(new LlamaModel(c, BaseWeights.FROZEN), seed);
    }

    static CausalLm gpt2(long seed, int maxT) {
        return fill(new Gpt2Model(ModelConfig.gpt2(V, 32, 2, 4, maxT), BaseWeights.FROZEN), seed);
    }

    static CausalLm fill(CausalLm m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : m.parameters()) {
            boolean norm = p.shape().length == 1 && (p.name().contains("norm") || p.name().matches(".*ln.*w"));
            for (int i = 0; i < p.size(); i++) {
                float g = (float) (rng.nextGaussian() * 0.3);
                p.data()[i] = norm ? 1f + 0.2f * g : g;
            }
        }
        return m;
    }

    /**
     * Logits (T, V) of the training forward on {@code tokens} padded to {@code T}; causality makes row
     * i depend only on tokens 0..i, so rows below tokens.length are the full-recompute logits.
     */
    static float[] trainingLogits(CausalLm m, int[] tokens, int T) {
        int[] padded = Arrays.copyOf(tokens, T);
        m.forward(Batch.of(1, T, padded, new int[T]));
        return m.logits().clone();
    }

    static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }

    static int[] randomTokens(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(V);
        }
        return t;
    }
}
