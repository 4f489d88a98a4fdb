package dev.hone.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of {@link ConfigReader}: a Hugging Face {@code config.json} for a {@link ModelConfig},
 * for {@code hone model init} and for full fine-tunes saved as HF model directories.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /** The config.json fields, in HF's names, for the config's architecture. */
    public static Map<String, Object> fields(ModelConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of(c.architecture()));
        if (c.family() == ModelConfig.Family.GPT2) {
            m.put("model_type", "gpt2");
            m.put("vocab_size", c.V());
            m.put("n_embd", c.C());
            m.put("n_head", c.NH());
            m.put("n_layer", c.L());
            m.put("n_positions", c.maxT());
            m.put("n_inner", c.FF());
            m.put("layer_norm_epsilon", c.normEps());
            m.put("activation_function", "gelu_new");
            m.put("tie_word_embeddings", true);
            return m;
        }
        m.put("model_type", switch (c.architecture()) {
            case "MistralForCausalLM" -> "mistral";
            case "Qwen2ForCausalLM" -> "qwen2";
            case "Qwen3ForCausalLM" -> "qwen3";
            default -> "llama";
        });
        m.put("vocab_size", c.V());
        m.put("hidden_size", c.C());
        m.put("num_hidden_layers", c.L());
        m.put("num_attention_heads", c.NH());
        m.put("num_key_value_heads", c.KVH());
        m.put("head_dim", c.hs());
        m.put("intermediate_size", c.FF());
        m.put("max_position_embeddings", c.maxT());
        m.put("rms_norm_eps", c.normEps());
        m.put("rope_theta", c.ropeTheta());
        if (c.ropeScaling() != null) {
            m.put("rope_scaling", Map.of("rope_type", "llama3", "factor", c.ropeScaling().factor(),
                    "low_freq_factor", c.ropeScaling().lowFreqFactor(), "high_freq_factor",
                    c.ropeScaling().highFreqFactor(), "original_max_position_embeddings",
                    c.ropeScaling().originalMaxPositions()));
        }
        if (c.slidingWindow() > 0) {
            m.put("sliding_window", c.slidingWindow());
            m.put("use_sliding_window", true);
        }
        m.put("hidden_act", "silu");
        m.put("tie_word_embeddings", c.tieEmbeddings());
        if (!c.architecture().equals("Qwen2ForCausalLM")) {
            m.put("attention_bias", c.qkvBias());
        }
        return m;
    }

    /** config.json text. */
    public static String json(ModelConfig c) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(fields(c));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a config of plain values", e);
        }
    }
}
