package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.io.DType;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.train.HfModelFiles;
import dev.hone.engine.train.ModelInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Memory of a frozen bf16 base, by the ParameterSet's own per-dtype accounting: a ~36 MB bf16 Llama
 * (18M values) loaded FROZEN holds its linear weights and token table at 2 bytes per value, and a LoRA
 * training step on it lowers the loss while the bf16 base stays untouched.
 */
class Bf16MemoryTest {
    @TempDir
    Path tmp;

    @Test
    void linearWeightsTakeTwoBytesPerValueAndALoraStepTrains() throws IOException {
        int V = 4096;
        int C = 512;
        int L = 5;
        int NH = 8;
        int KVH = 4;
        int FF = 1536;
        ModelConfig c = ModelConfig.llama(V, C, L, NH, KVH, FF, 64, false);
        Path dir = Files.createDirectories(tmp.resolve("bf16"));
        ModelInit.writeConfig(c, dir, -1, -1);
        HfModelFiles.writeWeights(ModelInit.random(c, 1), dir, DType.BF16);

        CausalLm model = ModelLoader.load(dir, BaseWeights.FROZEN);
        int hs = C / NH;
        long linear = L * ((long) C * NH * hs + 2L * C * KVH * hs + (long) NH * hs * C + 3L * C * FF) + (long) V * C;
        long embedding = (long) V * C;
        long norms = (2L * L + 1) * C;
        assertEquals(Map.of(DType.F32, 4 * norms, DType.BF16, 2 * (linear + embedding)),
                model.parameters().bytesByDtype());
        assertTrue(2 * linear > 30_000_000, "a few tens of MB of bf16 weights");

        Lora lora = Lora.attach(model, new LoraConfig(8, 16, 0.0, LoraConfig.LLAMA_TARGETS, 3));
        short[] wqBefore = model.parameters().get("h0.wq").bf16().bits().clone();
        SplittableRandom rng = new SplittableRandom(4);
        int T = 16;
        int[] tokens = rng.ints(T, 0, V).toArray();
        int[] targets = rng.ints(T, 0, V).toArray();
        float before = model.forward(Batch.of(1, T, tokens, targets)).loss();
        model.backward();
        double norm = 0;
        for (Parameter p : lora.parameters()) {
            for (float g : p.grad()) {
                norm += (double) g * g;
            }
        }
        assertTrue(norm > 0, "the adapters get gradients through the bf16 base");
        float step = (float) (0.05 / Math.sqrt(norm)); // a small plain gradient step on every adapter tensor
        for (Parameter p : lora.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] -= step * p.grad()[i];
            }
        }
        model.parameters().zeroGrad();
        float after = model.forward(Batch.of(1, T, tokens, targets)).loss();
        assertTrue(after < before, "loss " + before + " -> " + after);
        assertArrayEquals(wqBefore, model.parameters().get("h0.wq").bf16().bits(), "the frozen base is unchanged");
    }
}
