package dev.hone.engine.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.io.DType;
import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.io.SafetensorsWriter;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.layer.GradCheck;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelGradCheck;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** PEFT layout: what is saved loads back to the same outputs; names and config are PEFT's. */
class PeftAdapterTest {
    private static final ModelConfig LLAMA = ModelConfig.llama(11, 8, 2, 2, 1, 12, 16, false);

    @TempDir
    Path tmp;

    private static void randomizeB(Lora lora) {
        for (LoraAdapter a : lora.adapters().values()) {
            float[] noise = GradCheck.random(new Random(a.b().name().hashCode()), a.b().size(), 0.2f);
            System.arraycopy(noise, 0, a.b().data(), 0, noise.length);
        }
    }

    @Test
    void savedAdapterLoadsBackToTheSameLogits() throws Exception {
        LlamaModel base = new LlamaModel(LLAMA, BaseWeights.FROZEN);
        ModelGradCheck.randomInit(base, 1);
        Lora lora = Lora.attach(base, new LoraConfig(4, 8, 0.05, List.of("q", "v", "down"), 3));
        randomizeB(lora);
        lora.training(false);
        Batch batch = ModelGradCheck.packedBatch(11);
        base.forward(batch);
        float[] expected = base.logits().clone();
        PeftAdapter.save(lora, base, tmp, "tiny-llama");

        JsonNode cfg = new ObjectMapper().readTree(Files.readString(tmp.resolve("adapter_config.json")));
        assertEquals(4, cfg.get("r").asInt());
        assertEquals(8.0, cfg.get("lora_alpha").asDouble());
        assertEquals("[\"down_proj\",\"q_proj\",\"v_proj\"]", cfg.get("target_modules").toString());
        assertEquals("LORA", cfg.get("peft_type").asText());
        try (TensorStore store = TensorStore.openFile(tmp.resolve("adapter_model.safetensors"))) {
            assertArrayEquals(new long[] {4, 8}, store.shape("base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight"));
            assertArrayEquals(new long[] {8, 4}, store.shape("base_model.model.model.layers.0.mlp.down_proj.lora_B.weight"));
            assertEquals(2 * 3 * 2, store.names().size());
        }

        LlamaModel fresh = new LlamaModel(LLAMA, BaseWeights.FROZEN);
        for (Parameter p : base.parameters()) {
            if (!p.name().contains("lora")) {
                System.arraycopy(p.data(), 0, fresh.parameters().get(p.name()).data(), 0, p.size());
            }
        }
        Lora loaded = PeftAdapter.load(fresh, tmp);
        assertEquals(0.05, loaded.config().dropout());
        fresh.forward(batch);
        assertArrayEquals(expected, fresh.logits(), 0f);
    }

    @Test
    void gpt2AdapterRecordsFanInFanOut() throws Exception {
        Gpt2Model base = new Gpt2Model(ModelConfig.gpt2(11, 8, 1, 2, 8), BaseWeights.FROZEN);
        Lora lora = Lora.attach(base, new LoraConfig(2, 4, 0, LoraConfig.GPT2_TARGETS, 3));
        PeftAdapter.save(lora, base, tmp, "tiny-gpt2");
        JsonNode cfg = new ObjectMapper().readTree(Files.readString(tmp.resolve("adapter_config.json")));
        assertTrue(cfg.get("fan_in_fan_out").asBoolean());
        assertEquals("[\"c_attn\",\"c_fc\",\"c_proj\"]", cfg.get("target_modules").toString());
    }

    @Test
    void missingOrMisshapenAdapterTensorsAreNamed() throws Exception {
        LlamaModel base = new LlamaModel(LLAMA, BaseWeights.FROZEN);
        Lora lora = Lora.attach(base, new LoraConfig(2, 4, 0, List.of("q"), 3));
        PeftAdapter.save(lora, base, tmp, "tiny-llama");
        List<NamedTensor> kept = new ArrayList<>();
        try (TensorStore store = TensorStore.openFile(tmp.resolve("adapter_model.safetensors"))) {
            for (String n : store.names()) {
                if (!n.contains("layers.1")) {
                    kept.add(new NamedTensor(n, store.shape(n), store.floats(n)));
                }
            }
        }
        SafetensorsWriter.write(tmp.resolve("adapter_model.safetensors"), kept, DType.F32, Map.of());
        UnableToLoadAdapterException e = assertThrows(UnableToLoadAdapterException.class,
                () -> PeftAdapter.load(new LlamaModel(LLAMA, BaseWeights.FROZEN), tmp));
        assertTrue(e.getMessage().contains("missing base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight"),
                e.getMessage());
        Files.writeString(tmp.resolve("adapter_config.json"), "{\"r\": 2, \"lora_alpha\": 4, \"use_rslora\": true,"
                + " \"target_modules\": [\"q_proj\"]}");
        assertThrows(UnableToLoadAdapterException.class, () -> PeftAdapter.load(new LlamaModel(LLAMA, BaseWeights.FROZEN), tmp));
    }
}
