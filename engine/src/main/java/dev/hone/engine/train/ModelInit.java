package dev.hone.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.io.DType;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A randomly initialised model written as a Hugging Face directory ({@code config.json} +
 * {@code model.safetensors}), for {@code hone model init} and tests. Initialisation as GPT-2/nanoGPT:
 * matrices N(0, 0.02²), norm gains 1, biases 0, from a seeded generator. Writes no tokenizer: the caller adds
 * one. Reference: nanoGPT {@code _init_weights}; HF {@code LlamaConfig}/{@code GPT2Config} key names.
 */
public final class ModelInit {
    private ModelInit() {
    }

    /** A model of {@code config} with seeded random weights (trainable: grads allocated). */
    public static CausalLm random(ModelConfig config, long seed) {
        CausalLm model = config.family() == ModelConfig.Family.GPT2 ? new Gpt2Model(config, BaseWeights.TRAINABLE)
                : new LlamaModel(config, BaseWeights.TRAINABLE);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : model.parameters()) {
            if (p.shape().length >= 2) {
                for (int i = 0; i < p.size(); i++) {
                    p.data()[i] = (float) (0.02 * rng.nextGaussian());
                }
            } else {
                boolean gain = p.name().endsWith("norm") || p.name().endsWith("w");
                Arrays.fill(p.data(), gain ? 1f : 0f);
            }
        }
        return model;
    }

    /** Writes {@code dir/config.json} and {@code dir/model.safetensors} (fp32) for a random model. */
    public static void write(ModelConfig config, long seed, Path dir) throws IOException {
        write(config, seed, dir, -1, -1);
    }

    /** As {@link #write(ModelConfig, long, Path)}, recording BOS/EOS ids (-1: none) in config.json. */
    public static void write(ModelConfig config, long seed, Path dir, int bosId, int eosId) throws IOException {
        Files.createDirectories(dir);
        writeConfig(config, dir, bosId, eosId);
        HfModelFiles.writeWeights(random(config, seed), dir, DType.F32);
    }

    /**
     * Writes {@code dir/config.json} for {@code config} with the keys {@code ConfigReader} and Hugging Face
     * {@code transformers} read.
     *
     * @param bosId the BOS token id, or -1 for none
     * @param eosId the EOS token id, or -1 for none
     */
    public static void writeConfig(ModelConfig c, Path dir, int bosId, int eosId) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putArray("architectures").add(c.architecture());
        if (c.family() == ModelConfig.Family.GPT2) {
            root.put("model_type", "gpt2");
            root.put("vocab_size", c.V());
            root.put("n_embd", c.C());
            root.put("n_layer", c.L());
            root.put("n_head", c.NH());
            root.put("n_inner", c.FF());
            root.put("n_positions", c.maxT());
            root.put("n_ctx", c.maxT());
            root.put("activation_function", "gelu_new");
            root.put("layer_norm_epsilon", c.normEps());
        } else {
            root.put("model_type", "llama");
            root.put("vocab_size", c.V());
            root.put("hidden_size", c.C());
            root.put("intermediate_size", c.FF());
            root.put("num_hidden_layers", c.L());
            root.put("num_attention_heads", c.NH());
            root.put("num_key_value_heads", c.KVH());
            root.put("head_dim", c.hs());
            root.put("max_position_embeddings", c.maxT());
            root.put("rms_norm_eps", c.normEps());
            root.put("rope_theta", c.ropeTheta());
            root.put("hidden_act", "silu");
            root.put("attention_bias", false);
            root.put("tie_word_embeddings", c.tieEmbeddings());
        }
        if (bosId >= 0) {
            root.put("bos_token_id", bosId);
        }
        if (eosId >= 0) {
            root.put("eos_token_id", eosId);
        }
        root.put("torch_dtype", "float32");
        Files.write(dir.resolve("config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
