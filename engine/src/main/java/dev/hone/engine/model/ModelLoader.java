package dev.hone.engine.model;

import dev.hone.engine.io.DType;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.gpt2.Gpt2Weights;
import dev.hone.engine.model.llama.LlamaModel;
import dev.hone.engine.model.llama.LlamaWeights;

import java.nio.file.Path;

/**
 * Entry point for turning a Hugging Face model directory ({@code config.json} + safetensors, single
 * or sharded) into a ready {@link CausalLm}. Weights are fp32, except that a checkpoint whose matrices
 * are all bf16, loaded {@link BaseWeights#FROZEN}, keeps its linear weights in bf16
 * ({@link BaseWeights#FROZEN_BF16}): half the memory, and the same results, since widening is exact.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /**
     * Reads config.json, builds the family's model and fills every parameter from the safetensors.
     *
     * @param base TRAINABLE for full fine-tuning (fp32 master weights); FROZEN for LoRA or inference (no
     *             base grads; bf16 linear weights stay bf16, see {@link #storedPrecision})
     * @throws UnableToLoadModelException for an unsupported architecture or missing/misshapen tensors
     */
    public static CausalLm load(Path modelDir, BaseWeights base) {
        ModelConfig config = ConfigReader.read(modelDir);
        try (TensorStore store = TensorStore.open(modelDir)) {
            TensorSource src = TensorSource.of(store);
            return load(config, src, storedPrecision(base, src));
        }
    }

    /**
     * FROZEN_BF16 when {@code base} is FROZEN and every stored tensor of two or more dimensions is bf16;
     * otherwise {@code base} unchanged (fp32, fp16 and mixed checkpoints load as fp32).
     */
    public static BaseWeights storedPrecision(BaseWeights base, TensorSource src) {
        if (base != BaseWeights.FROZEN) {
            return base;
        }
        boolean anyMatrix = false;
        for (String name : src.names()) {
            if (src.shape(name).length >= 2) {
                if (src.dtype(name) != DType.BF16) {
                    return base;
                }
                anyMatrix = true;
            }
        }
        return anyMatrix ? BaseWeights.FROZEN_BF16 : base;
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
