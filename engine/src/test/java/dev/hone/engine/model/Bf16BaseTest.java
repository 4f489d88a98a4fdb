package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.io.DType;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraAdapter;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.train.HfModelFiles;
import dev.hone.engine.train.ModelInit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A bf16 checkpoint loaded FROZEN keeps its linear weights and token table in bf16 and computes exactly what the same
 * checkpoint widened to fp32 computes: logits, loss and every LoRA gradient bitwise (widening is exact
 * and the bf16 kernels equal the fp32 ones on widened weights). Also: TRAINABLE and fp32 checkpoints
 * stay fp32, and merging into a bf16 base is refused.
 */
class Bf16BaseTest {
    @TempDir
    Path tmp;

    /** Qwen2-like Llama (GQA, q/k/v biases, untied head), Qwen3-like (q/k norm, tied) and GPT-2. */
    static ModelConfig config(String kind) {
        return switch (kind) {
            case "qwen2" -> new ModelConfig(ModelConfig.Family.LLAMA, "Qwen2ForCausalLM", 37, 32, 2, 4, 2, 8, 40, 32,
                    1e-6f, 10000.0, null, false, true, false, false, 0);
            case "qwen3" -> new ModelConfig(ModelConfig.Family.LLAMA, "Qwen3ForCausalLM", 37, 32, 2, 4, 1, 12, 40, 32,
                    1e-6f, 10000.0, null, true, false, false, true, 0);
            default -> ModelConfig.gpt2(37, 32, 2, 4, 32);
        };
    }

    /** Writes a random model as bf16 and, from the widened values, as fp32; returns {bf16 dir, fp32 dir}. */
    static Path[] bf16AndWidened(Path root, ModelConfig c, long seed) throws IOException {
        Path d16 = Files.createDirectories(root.resolve("bf16"));
        Path d32 = Files.createDirectories(root.resolve("f32"));
        for (Path d : List.of(d16, d32)) {
            ModelInit.writeConfig(c, d, -1, -1);
        }
        CausalLm random = ModelInit.random(c, seed);
        for (Parameter p : random.parameters()) {
            SplittableRandom rng = new SplittableRandom(seed + p.name().hashCode());
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] += (float) (0.05 * rng.nextGaussian()); // no zero biases or unit norms
            }
        }
        HfModelFiles.writeWeights(random, d16, DType.BF16);
        HfModelFiles.writeWeights(ModelLoader.load(d16, BaseWeights.TRAINABLE), d32, DType.F32);
        return new Path[] {d16, d32};
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2", "qwen3", "gpt2"})
    void frozenBf16BaseKeepsLinearsInBf16AndMatchesItsFp32WideningBitwise(String kind) throws IOException {
        ModelConfig c = config(kind);
        Path[] dirs = bf16AndWidened(tmp, c, 5);
        CausalLm m16 = ModelLoader.load(dirs[0], BaseWeights.FROZEN);
        CausalLm m32 = ModelLoader.load(dirs[1], BaseWeights.FROZEN);
        for (Parameter p : m16.parameters()) {
            boolean matrix = p.shape().length == 2 && !p.name().equals("wpe"); // projections, head, token table
            assertEquals(matrix ? DType.BF16 : DType.F32, p.dtype(), p.name());
            assertNull(p.grad(), p.name());
            assertArrayEquals(m32.parameters().get(p.name()).data(), p.floats(), p.name());
        }
        assertEquals(Map.of(DType.F32, 4 * m32.parameters().count()), m32.parameters().bytesByDtype());
        LoraConfig lc = new LoraConfig(4, 8, 0.0, c.family() == ModelConfig.Family.GPT2
                ? LoraConfig.GPT2_TARGETS : LoraConfig.LLAMA_TARGETS, 9);
        Lora l16 = Lora.attach(m16, lc);
        Lora l32 = Lora.attach(m32, lc);
        for (Lora l : List.of(l16, l32)) {
            SplittableRandom rng = new SplittableRandom(3); // B ≠ 0 so the adapters change the output
            for (LoraAdapter a : l.adapters().values()) {
                for (int i = 0; i < a.b().size(); i++) {
                    a.b().data()[i] = (float) (0.1 * rng.nextGaussian());
                }
            }
        }
        int B = 2;
        int T = 9;
        SplittableRandom rng = new SplittableRandom(11);
        int[] tokens = rng.ints(B * T, 0, c.V()).toArray();
        int[] targets = rng.ints(B * T, 0, c.V()).toArray();
        StepResult r16 = m16.forward(Batch.of(B, T, tokens, targets));
        StepResult r32 = m32.forward(Batch.of(B, T, tokens, targets));
        assertArrayEquals(m32.logits(), m16.logits());
        assertEquals(r32, r16);
        m16.backward();
        m32.backward();
        for (Parameter p : l32.parameters()) {
            float[] g = m16.parameters().get(p.name()).grad();
            assertArrayEquals(p.grad(), g, p.name());
            assertTrue(sumAbs(g) > 0, p.name() + " gets a gradient");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, l16::mergeIntoBase);
        assertTrue(e.getMessage().contains("bf16"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2", "gpt2"})
    void trainableAndFp32CheckpointsStayFp32(String kind) throws IOException {
        Path[] dirs = bf16AndWidened(tmp, config(kind), 6);
        for (CausalLm m : List.of(ModelLoader.load(dirs[0], BaseWeights.TRAINABLE),
                ModelLoader.load(dirs[1], BaseWeights.FROZEN))) {
            assertEquals(Map.of(DType.F32, 4 * m.parameters().count()), m.parameters().bytesByDtype());
            for (Parameter p : m.parameters()) {
                assertNotNull(p.data(), p.name());
            }
        }
        CausalLm full = ModelLoader.load(dirs[0], BaseWeights.TRAINABLE);
        assertNotEquals(0, full.parameters().trainable().size(), "full fine-tuning keeps fp32 master weights");
    }

    private static double sumAbs(float[] x) {
        double s = 0;
        for (float v : x) {
            s += Math.abs(v);
        }
        return s;
    }
}
