package dev.hone.engine.model;

import dev.hone.engine.io.TensorStore;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.gpt2.Gpt2Weights;
import dev.hone.engine.model.llama.LlamaModel;
import dev.hone.engine.model.llama.LlamaWeights;

import java.nio.file.Path;

/**
 * Entry point for turning a Hugging Face model directory ({@code config.json} + safetensors, single
 * or sharded) into a ready {@link CausalLm} with fp32 weights.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /**
     * Reads config.json, builds the family's model and fills every parameter from the safetensors.
     *
     * @param base TRAINABLE for full fine-tuning; FROZEN for LoRA or inference (no base grads)
     * @throws UnableToLoadModelException for an unsupported architecture or missing/misshapen tensors
     */
    public static CausalLm load(Path modelDir, BaseWeights base) {
        ModelConfig config = ConfigReader.read(modelDir);
        try (TensorStore store = TensorStore.open(modelDir)) {
            return load(config, TensorSource.of(store), base);
        }
    }

    /** Builds the model for {@code config} and fills it from {@code src}. */
    public static CausalLm load(ModelConfig config, TensorSource src, BaseWeights base) {
        return switch (config.family()) {
            case LLAMA -> {
                LlamaModel m = new LlamaModel(config, base);
                LlamaWeights.load(m, src);
                yield m;
            }
            case GPT2 -> {
                Gpt2Model m = new Gpt2Model(config, base);
                Gpt2Weights.load(m, src);
                yield m;
            }
        };
    }
}
