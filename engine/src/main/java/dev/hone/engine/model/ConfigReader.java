package dev.hone.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.layer.RopeScaling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a Hugging Face {@code config.json} into a {@link ModelConfig}. Knows the key names of
 * {@code LlamaForCausalLM} (and Mistral, Qwen2, Qwen3, SmolLM, TinyLlama) and {@code GPT2LMHeadModel};
 * anything else is refused with the list of supported architectures.
 */
public final class ConfigReader {
    /** Architectures this engine runs. */
    public static final List<String> SUPPORTED = List.of("LlamaForCausalLM", "MistralForCausalLM",
            "Qwen2ForCausalLM", "Qwen3ForCausalLM", "GPT2LMHeadModel");

    private ConfigReader() {
    }

    /** Reads {@code modelDir/config.json}. */
    public static ModelConfig read(Path modelDir) {
        Path file = modelDir.resolve("config.json");
        try {
            return parse(new ObjectMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UnableToLoadModelException("cannot read " + file + ": " + e.getMessage()
                    + "; a model directory needs the Hugging Face config.json next to its safetensors", e);
        }
    }

    /** Parses the JSON of a config.json. */
    public static ModelConfig parse(JsonNode json) {
        JsonNode archs = json.path("architectures");
        String arch = archs.isArray() && !archs.isEmpty() ? archs.get(0).asText()
                : switch (json.path("model_type").asText()) {
                    case "llama" -> "LlamaForCausalLM";
                    case "mistral" -> "MistralForCausalLM";
                    case "qwen2" -> "Qwen2ForCausalLM";
                    case "qwen3" -> "Qwen3ForCausalLM";
                    case "gpt2" -> "GPT2LMHeadModel";
                    default -> "model_type " + json.path("model_type").asText("(none)");
                };
        return switch (arch) {
            case "LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "Qwen3ForCausalLM" -> llama(arch, json);
            case "GPT2LMHeadModel" -> gpt2(json);
            default -> throw new UnableToLoadModelException("unsupported architecture '" + arch
                    + "' in config.json; supported: " + String.join(", ", SUPPORTED));
        };
    }

    private static ModelConfig llama(String arch, JsonNode j) {
        String act = j.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new UnableToLoadModelException(arch + " with hidden_act '" + act + "' is not supported; expected silu");
        }
        if (j.path("mlp_bias").asBoolean(false)) {
            throw new UnableToLoadModelException(arch + " with mlp_bias=true is not supported");
        }
        int C = required(j, "hidden_size");
        int NH = required(j, "num_attention_heads");
        int KVH = j.path("num_key_value_heads").isNumber() ? j.get("num_key_value_heads").asInt() : NH;
        int hs = j.path("head_dim").isNumber() ? j.get("head_dim").asInt() : C / NH;
        boolean attentionBias = j.path("attention_bias").asBoolean(false);
        boolean qwen2 = arch.equals("Qwen2ForCausalLM");
        return new ModelConfig(ModelConfig.Family.LLAMA, arch, required(j, "vocab_size"), C,
                required(j, "num_hidden_layers"), NH, KVH, hs, required(j, "intermediate_size"),
                j.path("max_position_embeddings").asInt(2048), (float) j.path("rms_norm_eps").asDouble(1e-6),
                j.path("rope_theta").asDouble(10000.0), ropeScaling(j.path("rope_scaling")),
                j.path("tie_word_embeddings").asBoolean(false), qwen2 || attentionBias, attentionBias && !qwen2,
                arch.equals("Qwen3ForCausalLM"), slidingWindow(arch, j));
    }

    /** Mistral applies sliding_window when set; Qwen2/3 only with use_sliding_window true. */
    private static int slidingWindow(String arch, JsonNode j) {
        boolean applies = arch.equals("MistralForCausalLM") || j.path("use_sliding_window").asBoolean(false);
        return applies && j.path("sliding_window").isNumber() ? j.get("sliding_window").asInt() : 0;
    }

    private static RopeScaling ropeScaling(JsonNode s) {
        if (s.isMissingNode() || s.isNull()) {
            return null;
        }
        String type = s.path("rope_type").asText(s.path("type").asText(""));
        if (type.equals("default")) {
            return null;
        }
        if (!type.equals("llama3")) {
            throw new UnableToLoadModelException("rope_scaling type '" + type
                    + "' is not supported; supported: llama3 (or no rope_scaling)");
        }
        return new RopeScaling(s.path("factor").asDouble(), s.path("low_freq_factor").asDouble(),
                s.path("high_freq_factor").asDouble(), s.path("original_max_position_embeddings").asInt());
    }

    private static ModelConfig gpt2(JsonNode j) {
        String act = j.path("activation_function").asText("gelu_new");
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
            throw new UnableToLoadModelException("GPT2LMHeadModel with activation_function '" + act
                    + "' is not supported; expected gelu_new");
        }
        int C = required(j, "n_embd");
        int NH = required(j, "n_head");
        int FF = j.path("n_inner").isNumber() ? j.get("n_inner").asInt() : 4 * C;
        return new ModelConfig(ModelConfig.Family.GPT2, "GPT2LMHeadModel", required(j, "vocab_size"), C,
                required(j, "n_layer"), NH, NH, C / NH, FF, required(j, "n_positions"),
                (float) j.path("layer_norm_epsilon").asDouble(1e-5), 0, null, true, true, true, false, 0);
    }

    private static int required(JsonNode j, String key) {
        if (!j.path(key).isNumber()) {
            throw new UnableToLoadModelException("config.json lacks the number '" + key + "' that this "
                    + "architecture needs; found " + (j.has(key) ? j.get(key) : "nothing"));
        }
        return j.get(key).asInt();
    }
}
