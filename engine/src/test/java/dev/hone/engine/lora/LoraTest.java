package dev.hone.engine.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.layer.GradCheck;
import dev.hone.engine.layer.Linear;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelGradCheck;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

/** LoRA: gradients by finite differences, frozen base, identity at init, targets and dropout. */
class LoraTest {
    private static final ModelConfig LLAMA = ModelConfig.llama(11, 8, 2, 2, 1, 12, 16, false);

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.3})
    void adapterGradientsMatchFiniteDifferencesWithAndWithoutDropout(double dropout) {
        Random rng = new Random(1);
        int BT = 5;
        int C = 6;
        int OC = 4;
        int r = 2;
        LoraConfig cfg = new LoraConfig(r, 4, dropout, List.of("q"), 7);
        Parameter a = new Parameter("A", new int[] {r, C}, GradCheck.random(rng, r * C, 0.5f), new float[r * C]);
        Parameter b = new Parameter("B", new int[] {OC, r}, GradCheck.random(rng, OC * r, 0.5f), new float[OC * r]);
        LoraAdapter adapter = new LoraAdapter(a, b, cfg, 3);
        Linear lin = new Linear(GradCheck.random(rng, OC * C, 0.5f), null, null, null, C, OC);
        lin.adapter(adapter);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] out = new float[BT * OC];
        float[] g = GradCheck.random(rng, BT * OC, 1f);
        float[] dinp = new float[BT * C];
        lin.forward(out, inp, BT);
        lin.backward(dinp, g, inp, BT);
        Runnable fwd = () -> {
            adapter.counter(0);
            lin.forward(out, inp, BT);
        };
        GradCheck.check("A", a.data(), a.grad(), () -> dotAfter(fwd, out, g));
        GradCheck.check("B", b.data(), b.grad(), () -> dotAfter(fwd, out, g));
        GradCheck.check("inp", inp, dinp, () -> dotAfter(fwd, out, g));
    }

    private static double dotAfter(Runnable fwd, float[] out, float[] g) {
        fwd.run();
        return GradCheck.dot(out, g);
    }

    @Test
    void llamaStartsAsTheBaseTrainsOnlyAdaptersAndMatchesFiniteDifferences() {
        LlamaModel base = new LlamaModel(LLAMA, BaseWeights.FROZEN);
        ModelGradCheck.randomInit(base, 1);
        Batch batch = ModelGradCheck.packedBatch(11);
        float before = base.forward(batch).loss();
        float[] logits = base.logits().clone();
        Lora lora = Lora.attach(base, new LoraConfig(2, 4, 0.0, LoraConfig.LLAMA_TARGETS, 5));
        assertEquals(7 * 2, lora.adapters().size());
        assertTrue(lora.adapters().containsKey("model.layers.1.mlp.down_proj"));
        assertEquals(before, base.forward(batch).loss(), 0f);
        assertArrayEquals(logits, base.logits(), 0f);
        for (Parameter p : lora.parameters()) {
            if (p.name().endsWith("lora_B")) {
                float[] noise = GradCheck.random(new Random(p.name().hashCode()), p.size(), 0.1f);
                System.arraycopy(noise, 0, p.data(), 0, p.size());
            }
        }
        assertNotEquals(before, base.forward(batch).loss());
        ModelGradCheck.check(base, batch, 6);
        assertEquals(28, base.parameters().trainable().size());
        assertNull(base.parameters().get("h0.wq").grad(), "the frozen base keeps no grad");
    }

    @Test
    void adapterOutputEqualsTheMergedWeight() {
        LlamaModel base = new LlamaModel(LLAMA, BaseWeights.FROZEN);
        ModelGradCheck.randomInit(base, 4);
        LlamaModel merged = new LlamaModel(LLAMA, BaseWeights.FROZEN);
        for (Parameter p : base.parameters()) {
            System.arraycopy(p.data(), 0, merged.parameters().get(p.name()).data(), 0, p.size());
        }
        LoraConfig cfg = new LoraConfig(3, 24, 0.2, List.of("q", "o", "up"), 9);
        Lora lora = Lora.attach(base, cfg);
        lora.training(false);
        for (LoraAdapter ad : lora.adapters().values()) {
            float[] noise = GradCheck.random(new Random(ad.b().name().hashCode()), ad.b().size(), 0.3f);
            System.arraycopy(noise, 0, ad.b().data(), 0, noise.length);
        }
        // W' = W + (alpha/r) · B · A for every wrapped projection
        String[][] wrapped = {{"self_attn.q_proj", "wq"}, {"self_attn.o_proj", "wo"}, {"mlp.up_proj", "w3"}};
        for (int l = 0; l < LLAMA.L(); l++) {
            for (String[] w : wrapped) {
                LoraAdapter ad = lora.adapters().get("model.layers." + l + "." + w[0]);
                float[] weight = merged.parameters().get("h" + l + "." + w[1]).data();
                int oc = ad.b().shape()[0];
                int c = ad.a().shape()[1];
                for (int o = 0; o < oc; o++) {
                    for (int i = 0; i < c; i++) {
                        for (int k = 0; k < cfg.rank(); k++) {
                            weight[o * c + i] += cfg.scale() * ad.b().data()[o * cfg.rank() + k] * ad.a().data()[k * c + i];
                        }
                    }
                }
            }
        }
        Batch batch = ModelGradCheck.packedBatch(11);
        base.forward(batch);
        merged.forward(batch);
        assertArrayEquals(merged.logits(), base.logits(), 1e-4f);
        float[] withAdapters = base.logits().clone();
        lora.mergeIntoBase();
        base.forward(batch);
        assertArrayEquals(withAdapters, base.logits(), 1e-4f);
        assertArrayEquals(merged.parameters().get("h1.wo").data(), base.parameters().get("h1.wo").data(), 1e-6f);
    }

    @Test
    void gpt2TargetsItsConv1dProjections() {
        Gpt2Model base = new Gpt2Model(ModelConfig.gpt2(11, 8, 2, 2, 8), BaseWeights.FROZEN);
        ModelGradCheck.randomInit(base, 2);
        Lora lora = Lora.attach(base, new LoraConfig(2, 4, 0.1, LoraConfig.GPT2_TARGETS, 5));
        assertEquals(4 * 2, lora.adapters().size());
        assertEquals(List.of(24, 2), toList(base.parameters().get("transformer.h.0.attn.c_attn.lora_B").shape()));
        base.forward(ModelGradCheck.packedBatch(11));
        base.backward();
        assertNotEquals(0f, maxAbs(base.parameters().get("transformer.h.1.mlp.c_fc.lora_A").grad())
                + maxAbs(base.parameters().get("transformer.h.1.mlp.c_fc.lora_B").grad()));
    }

    @Test
    void dropoutIsReproducibleFromTheCounterAndOffInEvaluation() {
        LlamaModel base = new LlamaModel(LLAMA, BaseWeights.FROZEN);
        ModelGradCheck.randomInit(base, 3);
        Lora lora = Lora.attach(base, new LoraConfig(2, 16, 0.5, List.of("v", "down_proj"), 5));
        lora.parameters().forEach(p -> java.util.Arrays.fill(p.data(), 0.2f));
        Batch batch = ModelGradCheck.packedBatch(11);
        float first = base.forward(batch).loss();
        float second = base.forward(batch).loss();
        assertNotEquals(first, second, "a new mask each forward");
        lora.adapters().values().forEach(a -> a.counter(0));
        assertEquals(first, base.forward(batch).loss(), 0f);
        lora.training(false);
        float eval = base.forward(batch).loss();
        assertEquals(eval, base.forward(batch).loss(), 0f);
    }

    @Test
    void refusesATrainableBaseAndUnknownTargets() {
        IllegalArgumentException trainable = assertThrows(IllegalArgumentException.class,
                () -> Lora.attach(new LlamaModel(LLAMA, BaseWeights.TRAINABLE), new LoraConfig(2, 4, 0, List.of("q"), 1)));
        assertTrue(trainable.getMessage().contains("frozen"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Lora.attach(new LlamaModel(LLAMA, BaseWeights.FROZEN), new LoraConfig(2, 4, 0, List.of("c_attn"), 1)));
        assertTrue(none.getMessage().contains("q_proj"), none.getMessage());
    }

    private static List<Integer> toList(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
