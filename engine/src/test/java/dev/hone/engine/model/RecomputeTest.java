package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Activation recomputation ({@link ActivationMemory#RECOMPUTE}): the same losses and gradients, bit for
 * bit, as keeping every block's activations, over two accumulated micro-batches (LoRA dropout masks
 * included), with about half the activation bytes (under 55 %) on a 6-block model.
 */
class RecomputeTest {
    private static final int V = 64;

    @Test
    void llamaFullFineTune() {
        ModelConfig c = ModelConfig.llama(V, 32, 6, 4, 2, 80, 64, false);
        compare(() -> new LlamaModel(c, BaseWeights.TRAINABLE), false);
    }

    @Test
    void qwen3StyleQkNormAndBiases() {
        ModelConfig c = ModelConfig.llama(V, 32, 6, 4, 2, 80, 64, true).withQkNorm(true).withQkvBias(true);
        compare(() -> new LlamaModel(c, BaseWeights.TRAINABLE), false);
    }

    @Test
    void llamaLoraWithDropout() {
        ModelConfig c = ModelConfig.llama(V, 32, 6, 4, 2, 80, 64, false);
        compare(() -> new LlamaModel(c, BaseWeights.FROZEN), true);
    }

    @Test
    void gpt2FullFineTune() {
        compare(() -> new Gpt2Model(ModelConfig.gpt2(V, 32, 6, 4, 64), BaseWeights.TRAINABLE), false);
    }

    @Test
    void theModeIsFixedByTheFirstForward() {
        CausalLm m = new LlamaModel(ModelConfig.llama(V, 32, 1, 4, 2, 80, 64, false), BaseWeights.TRAINABLE);
        m.forward(batch(1));
        assertThrows(IllegalStateException.class, () -> m.activationMemory(ActivationMemory.RECOMPUTE));
    }

    @Test
    void theSystemPropertyChoosesTheMode() {
        ModelConfig c = ModelConfig.llama(V, 32, 6, 4, 2, 80, 64, false);
        String saved = System.getProperty(ActivationMemory.PROPERTY);
        try {
            System.setProperty(ActivationMemory.PROPERTY, "true");
            CausalLm recompute = new LlamaModel(c, BaseWeights.TRAINABLE);
            System.setProperty(ActivationMemory.PROPERTY, "false");
            CausalLm keep = new LlamaModel(c, BaseWeights.TRAINABLE);
            recompute.forward(batch(1));
            keep.forward(batch(1));
            assertTrue(recompute.activationBytes() < keep.activationBytes());
            System.setProperty(ActivationMemory.PROPERTY, "yes");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LlamaModel(c, BaseWeights.TRAINABLE));
            assertTrue(e.getMessage().contains("hone.recompute") && e.getMessage().contains("'yes'"), e.getMessage());
        } finally {
            if (saved == null) {
                System.clearProperty(ActivationMemory.PROPERTY);
            } else {
                System.setProperty(ActivationMemory.PROPERTY, saved);
            }
        }
    }

    private static void compare(Supplier<CausalLm> factory, boolean lora) {
        CausalLm keep = build(factory, lora, ActivationMemory.KEEP);
        CausalLm recompute = build(factory, lora, ActivationMemory.RECOMPUTE);
        for (int micro = 0; micro < 2; micro++) {
            Batch b = batch(10 + micro);
            assertEquals(keep.forward(b).loss(), recompute.forward(b).loss(), 0f, "loss of micro-batch " + micro);
            keep.backward(0.5f);
            recompute.backward(0.5f);
        }
        List<Parameter> expected = keep.parameters().trainable();
        List<Parameter> actual = recompute.parameters().trainable();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).grad(), actual.get(i).grad(), expected.get(i).name());
        }
        long kept = keep.activationBytes();
        long recomputed = recompute.activationBytes();
        assertTrue(recomputed < kept * 0.55, "recompute holds " + recomputed + " activation bytes, keep " + kept);
    }

    private static CausalLm build(Supplier<CausalLm> factory, boolean lora, ActivationMemory mode) {
        CausalLm m = factory.get();
        m.activationMemory(mode);
        ModelGradCheck.randomInit(m, 21);
        if (lora) {
            Lora.attach(m, new LoraConfig(4, 8, 0.2, LoraConfig.LLAMA_TARGETS, 5));
            SplittableRandom rng = new SplittableRandom(6);
            for (Parameter p : m.parameters().trainable()) {
                for (int i = 0; i < p.size(); i++) {
                    p.data()[i] = (float) (rng.nextDouble() - 0.5);
                }
            }
        }
        return m;
    }

    private static Batch batch(long seed) {
        int B = 2;
        int T = 24;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] tokens = rng.ints(B * T, 0, V).toArray();
        int[] targets = rng.ints(B * T, 0, V).toArray();
        int[] positions = new int[B * T];
        int[] segments = new int[B * T];
        float[] weights = new float[B * T];
        for (int i = 0; i < B * T; i++) {
            int t = i % T;
            segments[i] = t < 10 ? 0 : 1;
            positions[i] = t < 10 ? t : t - 10;
            weights[i] = t % 5 == 0 ? 0f : 1f;
        }
        return new Batch(B, T, tokens, targets, positions, segments, weights);
    }
}
