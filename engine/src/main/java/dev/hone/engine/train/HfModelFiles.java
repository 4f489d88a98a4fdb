package dev.hone.engine.train;

import dev.hone.engine.io.DType;
import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.io.SafetensorsWriter;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.gpt2.Gpt2Weights;
import dev.hone.engine.model.llama.LlamaWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a model's weights as a Hugging Face model directory ({@code model.safetensors} under the HF tensor
 * names, GPT-2 Conv1D weights transposed back to (C, OC)) and copies the base directory's config and
 * tokenizer files beside them, so other tools load what Hone trained. The inverse of {@code ModelLoader}.
 * Not atomic by itself: callers write into a temporary directory and rename it.
 */
public final class HfModelFiles {
    /** Files copied from the base model directory when present (config, tokenizer, chat template). */
    public static final List<String> SIDE_FILES = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "tokenizer.model",
            "chat_template.jinja", "added_tokens.json");
    /** Tokenizer files only (what an adapter directory carries). */
    public static final List<String> TOKENIZER_FILES = SIDE_FILES.subList(2, SIDE_FILES.size());

    private HfModelFiles() {
    }

    /**
     * The model's base parameters (adapters excluded) as HF-named fp32 tensors.
     */
    public static List<NamedTensor> tensors(CausalLm model) {
        ModelConfig c = model.config();
        List<NamedTensor> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            if (p.name().contains(".lora_")) {
                continue;
            }
            long[] shape = Arrays.stream(p.shape()).asLongStream().toArray();
            if (c.family() == ModelConfig.Family.GPT2) {
                String hf = Gpt2Weights.hfName(p.name());
                if (Gpt2Weights.isConv1d(p.name())) {
                    out.add(new NamedTensor(hf, new long[] {shape[1], shape[0]}, transpose(p.floats(), p.shape()[0],
                            p.shape()[1])));
                } else {
                    out.add(new NamedTensor(hf, shape, p.floats()));
                }
            } else {
                out.add(new NamedTensor(LlamaWeights.hfName(p.name()), shape, p.floats()));
            }
        }
        return out;
    }

    /** (rows, cols) → (cols, rows). */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                t[k * rows + r] = a[r * cols + k];
            }
        }
        return t;
    }

    /** Writes {@code dir/model.safetensors} with every base parameter stored as {@code storeAs}. */
    public static void writeWeights(CausalLm model, Path dir, DType storeAs) {
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors(model), storeAs, Map.of("format", "pt"));
    }

    /** Copies those of {@code names} that exist in {@code from} into {@code to}. */
    public static void copySideFiles(Path from, Path to, List<String> names) throws IOException {
        for (String name : names) {
            Path src = from.resolve(name);
            if (Files.isRegularFile(src)) {
                Files.copy(src, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
