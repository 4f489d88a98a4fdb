package dev.hone.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.io.DType;
import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.io.SafetensorsWriter;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraAdapter;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LoRA adapters in the PEFT layout: {@code adapter_config.json} and {@code adapter_model.safetensors} with
 * tensors {@code base_model.model.<HF module>.lora_A.weight} (r, C) and {@code .lora_B.weight} (OC, r), so
 * PEFT's {@code PeftModel.from_pretrained} loads them. Reference: PEFT {@code save_pretrained} file names and
 * {@code LoraConfig} fields.
 */
public final class PeftAdapterFiles {
    /** The adapter weights file. */
    public static final String WEIGHTS = "adapter_model.safetensors";
    /** The adapter config file. */
    public static final String CONFIG = "adapter_config.json";
    private static final String PREFIX = "base_model.model.";

    private PeftAdapterFiles() {
    }

    /** The PEFT tensor name of an adapter parameter ({@code <module>.lora_A} → {@code base_model.model.<module>.lora_A.weight}). */
    public static String peftName(String parameterName) {
        return PREFIX + parameterName + ".weight";
    }

    /** Writes both files into {@code dir} (which must exist). */
    public static void write(Lora lora, ModelConfig base, Path baseModelDir, Path dir) throws IOException {
        List<NamedTensor> tensors = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        for (Map.Entry<String, LoraAdapter> e : lora.adapters().entrySet()) {
            targets.add(e.getKey().substring(e.getKey().lastIndexOf('.') + 1));
            for (Parameter p : List.of(e.getValue().a(), e.getValue().b())) {
                tensors.add(new NamedTensor(peftName(p.name()), Arrays.stream(p.shape()).asLongStream().toArray(),
                        p.data()));
            }
        }
        SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, DType.F32, Map.of("format", "pt"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("peft_type", "LORA");
        root.put("task_type", "CAUSAL_LM");
        root.put("base_model_name_or_path", baseModelDir.toString());
        root.put("r", lora.config().rank());
        root.put("lora_alpha", lora.config().alpha());
        root.put("lora_dropout", lora.config().dropout());
        ArrayNode list = root.putArray("target_modules");
        targets.forEach(list::add);
        root.put("bias", "none");
        root.put("fan_in_fan_out", base.family() == ModelConfig.Family.GPT2);
        root.put("inference_mode", true);
        root.put("use_rslora", false);
        root.putNull("modules_to_save");
        Files.write(dir.resolve(CONFIG), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /**
     * Copies saved adapter weights into attached adapters of the same shape.
     *
     * @throws UnableToResumeException naming a tensor that is missing or misshapen
     */
    public static void read(Lora lora, Path dir) {
        try (TensorStore store = TensorStore.openFile(dir.resolve(WEIGHTS))) {
            for (LoraAdapter adapter : lora.adapters().values()) {
                for (Parameter p : List.of(adapter.a(), adapter.b())) {
                    String name = peftName(p.name());
                    if (!store.contains(name)) {
                        throw new UnableToResumeException("the adapter in " + dir + " lacks " + name
                                + "; resume with the same LoRA rank and target modules");
                    }
                    float[] v = store.floats(name, Arrays.stream(p.shape()).asLongStream().toArray());
                    System.arraycopy(v, 0, p.data(), 0, v.length);
                }
            }
        }
    }
}
