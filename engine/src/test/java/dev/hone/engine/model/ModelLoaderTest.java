package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.io.DType;
import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.io.SafetensorsWriter;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.gpt2.Gpt2Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Loading model directories: Conv1D transpose, bf16 storage, and errors that name the tensor. */
class ModelLoaderTest {
    @TempDir
    Path tmp;

    /** Copies a golden fixture's config and weights, optionally dropping or renaming tensors, stored as dtype. */
    private Path copy(String fixture, String drop, DType storeAs) throws Exception {
        Path src = GoldenTest.fixture(fixture);
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        List<NamedTensor> tensors = new ArrayList<>();
        try (TensorStore store = TensorStore.open(src)) {
            for (String n : store.names()) {
                if (!n.equals(drop)) {
                    tensors.add(new NamedTensor(n, store.shape(n), store.floats(n)));
                }
            }
        }
        SafetensorsWriter.write(tmp.resolve("model.safetensors"), tensors, storeAs, Map.of());
        return tmp;
    }

    @Test
    void gpt2Conv1dWeightsAreTransposedToLinearLayout() throws Exception {
        Path dir = GoldenTest.fixture("gpt2");
        Gpt2Model m = (Gpt2Model) ModelLoader.load(dir, BaseWeights.TRAINABLE);
        try (TensorStore store = TensorStore.open(dir)) {
            float[] stored = store.floats("transformer.h.1.attn.c_attn.weight");  // (C, 3C)
            float[] ours = m.parameters().get("h1.qkvw").data();                 // (3C, C)
            int c = 24;
            assertEquals(stored[5 * 3 * c + 40], ours[40 * c + 5], 0f);
            assertEquals(stored[23 * 3 * c + 71], ours[71 * c + 23], 0f);
        }
    }

    @Test
    void gpt2CheckpointWithoutTransformerPrefixLoads() throws Exception {
        Path dir = GoldenTest.fixture("gpt2");
        Map<String, float[]> values = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        try (TensorStore store = TensorStore.open(dir)) {
            for (String n : store.names()) {
                values.put(n.substring("transformer.".length()), store.floats(n));
                shapes.put(n.substring("transformer.".length()), store.shape(n));
            }
        }
        TensorSource src = new TensorSource() {
            @Override
            public Set<String> names() {
                return values.keySet();
            }

            @Override
            public long[] shape(String name) {
                return shapes.get(name);
            }

            @Override
            public float[] floats(String name) {
                return values.get(name);
            }
        };
        CausalLm m = ModelLoader.load(ConfigReader.read(dir), src, BaseWeights.FROZEN);
        assertEquals(values.get("ln_f.bias")[3], m.parameters().get("lnfb").data()[3], 0f);
        assertEquals("transformer.h.0.mlp.c_proj.weight", Gpt2Weights.hfName("h0.fcprojw"));
    }

    @Test
    void bf16WeightsLoadAsTheirFp32Values() throws Exception {
        Path dir = copy("llama", null, DType.BF16);
        CausalLm m = ModelLoader.load(dir, BaseWeights.FROZEN);
        try (TensorStore store = TensorStore.open(dir)) {
            float[] w = store.floats("model.layers.1.mlp.down_proj.weight");
            assertEquals(DType.BF16, m.parameters().get("h1.w2").dtype(), "FROZEN keeps bf16 stored as bf16");
            assertEquals(w[17], m.parameters().get("h1.w2").floats()[17], 0f);
            CausalLm full = ModelLoader.load(dir, BaseWeights.TRAINABLE);
            assertEquals(w[17], full.parameters().get("h1.w2").data()[17], 0f, "TRAINABLE widens to fp32");
            assertEquals(0, Float.floatToIntBits(w[17]) & 0xFFFF, "bf16 keeps only the top 16 bits");
        }
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Path dir = copy("llama", "model.layers.1.self_attn.k_proj.weight", DType.F32);
        UnableToLoadModelException e = assertThrows(UnableToLoadModelException.class,
                () -> ModelLoader.load(dir, BaseWeights.TRAINABLE));
        assertTrue(e.getMessage().contains("missing model.layers.1.self_attn.k_proj.weight [16, 32]"), e.getMessage());
    }

    @Test
    void shapeMismatchAndUnexpectedTensorsAreNamed() throws Exception {
        Path dir = copy("llama", null, DType.F32);
        String cfg = Files.readString(dir.resolve("config.json")).replace("\"intermediate_size\": 32",
                "\"intermediate_size\": 40").replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1");
        Files.writeString(dir.resolve("config.json"), cfg);
        UnableToLoadModelException e = assertThrows(UnableToLoadModelException.class,
                () -> ModelLoader.load(dir, BaseWeights.TRAINABLE));
        assertTrue(e.getMessage().contains("model.layers.0.mlp.gate_proj.weight has shape [32, 32], expected [40, 32]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("unexpected tensor model.layers.1."), e.getMessage());
    }

    @Test
    void missingConfigIsExplained() {
        UnableToLoadModelException e = assertThrows(UnableToLoadModelException.class,
                () -> ModelLoader.load(tmp, BaseWeights.TRAINABLE));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }
}
