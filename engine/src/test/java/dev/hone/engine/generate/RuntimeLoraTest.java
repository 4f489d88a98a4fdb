package dev.hone.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraAdapter;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.lora.UnableToLoadAdapterException;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.gpt2.Gpt2Weights;
import dev.hone.engine.model.llama.LlamaWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

class RuntimeLoraTest {
    private static final int V = TinyModels.V;
    private static final int[] PROMPT = TinyModels.randomTokens(5, 9);

    @TempDir
    Path tmp;

    /** Trains nothing: attaches LoRA to a copy of the base, gives B random values and saves it in PEFT layout. */
    private static Lora saveAdapter(CausalLm copy, List<String> targets, Path dir) {
        Lora lora = Lora.attach(copy, new LoraConfig(3, 6.0, 0.0, targets, 9));
        lora.training(false);
        SplittableRandom rng = new SplittableRandom(4);
        for (LoraAdapter a : lora.adapters().values()) {
            float[] b = a.b().data();
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (rng.nextGaussian() * 0.3);
            }
        }
        PeftAdapter.save(lora, copy, dir, "tiny");
        return lora;
    }

    /** W += scale · B·A for every adapted module, found by its HF weight name. */
    private static CausalLm merge(CausalLm model, Lora lora) {
        for (Map.Entry<String, LoraAdapter> e : lora.adapters().entrySet()) {
            Parameter w = null;
            for (Parameter p : model.parameters()) {
                String hf = model.config().family() == ModelConfig.Family.GPT2 ? Gpt2Weights.hfName(p.name())
                        : LlamaWeights.hfName(p.name());
                if (hf.equals(e.getKey() + ".weight")) {
                    w = p;
                }
            }
            float[] a = e.getValue().a().data();
            float[] b = e.getValue().b().data();
            int r = e.getValue().a().shape()[0];
            int C = e.getValue().a().shape()[1];
            int OC = e.getValue().b().shape()[0];
            for (int o = 0; o < OC; o++) {
                for (int c = 0; c < C; c++) {
                    float s = 0;
                    for (int j = 0; j < r; j++) {
                        s += b[o * r + j] * a[j * C + c];
                    }
                    w.data()[o * C + c] += lora.config().scale() * s;
                }
            }
        }
        return model;
    }

    private static float[] prefill(LoadedModel m) {
        Decoder d = m.decoder();
        float[] out = new float[PROMPT.length * V];
        d.forward(d.newCache(PROMPT.length), PROMPT, true, (i, l, off) -> System.arraycopy(l, off, out, i * V, V));
        return out;
    }

    private void check(LongFunction<CausalLm> make, List<String> targets, String name) {
        Path dir = tmp.resolve(name);
        CausalLm trained = make.apply(1);
        Lora lora = saveAdapter(trained, targets, dir);
        LoadedModel base = LoadedModel.of(make.apply(1));
        float[] before = prefill(base);
        LoadedModel adapted = base.withAdapter(dir);
        LoadedModel merged = LoadedModel.of(merge(make.apply(1), lora));
        float[] got = prefill(adapted);
        float[] want = prefill(merged);
        float[] training = TinyModels.trainingLogits(trained, PROMPT, PROMPT.length);
        float max = 0;
        float moved = 0;
        for (int i = 0; i < got.length; i++) {
            max = Math.max(max, Math.max(Math.abs(got[i] - want[i]), Math.abs(got[i] - training[i])));
            moved = Math.max(moved, Math.abs(got[i] - before[i]));
        }
        assertTrue(max < 1e-4, name + ": adapter vs merged/training max |Δlogit| " + max);
        assertTrue(moved > 0.1, name + ": the adapter should change the output; moved " + moved);
        assertArrayEquals(before, prefill(base), 0f, "the shared base must stay untouched");
        GenerationRequest req = GenerationRequest.builder(PROMPT).temperature(0).maxTokens(10).build();
        assertArrayEquals(merged.generate(req, GeneratorTest.PIECES, TokenListener.NONE, () -> false).choices().get(0)
                .tokens(), adapted.generate(req, GeneratorTest.PIECES, TokenListener.NONE, () -> false).choices()
                .get(0).tokens());
        assertEquals(lora.adapters().keySet(), adapted.adapter().deltas().keySet());
    }

    @Test
    void llamaAdapterAtRunTimeEqualsMergedWeights() {
        check(seed -> TinyModels.llama(seed, 32), LoraConfig.LLAMA_TARGETS, "llama");
    }

    @Test
    void gpt2AdapterAtRunTimeEqualsMergedWeights() {
        check(seed -> TinyModels.gpt2(seed, 32), LoraConfig.GPT2_TARGETS, "gpt2");
    }

    @Test
    void anAdapterForAnotherModelIsRefusedNamingTheTensor() throws Exception {
        Path dir = tmp.resolve("qv");
        saveAdapter(TinyModels.gpt2(1, 32), List.of("c_attn"), dir);
        UnableToLoadAdapterException e = assertThrows(UnableToLoadAdapterException.class,
                () -> RuntimeAdapter.load(dir, TinyModels.llama(1, 32)));
        assertTrue(e.getMessage().contains("transformer.h.0.attn.c_attn"), e.getMessage());
        Files.delete(dir.resolve(PeftAdapter.CONFIG));
        assertThrows(UnableToLoadAdapterException.class, () -> RuntimeAdapter.load(dir, TinyModels.gpt2(1, 32)));
    }
}
