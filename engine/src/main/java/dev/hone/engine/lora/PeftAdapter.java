package dev.hone.engine.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.io.DType;
import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.io.SafetensorsWriter;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.kernel.WeightVersions;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * LoRA adapters in the Hugging Face PEFT layout: {@code adapter_config.json} plus
 * {@code adapter_model.safetensors} with tensors {@code base_model.model.<module>.lora_A.weight} (r, C)
 * and {@code .lora_B.weight} (OC, r). What Hone trains loads in PEFT, and PEFT adapters load here.
 * Not supported: rsLoRA, DoRA, bias training, modules_to_save.
 */
public final class PeftAdapter {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    private static final String PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PeftAdapter() {
    }

    /** PEFT tensor name of an adapter matrix ("lora_A" or "lora_B") of a module. */
    public static String tensorName(String module, String matrix) {
        return PREFIX + module + "." + matrix + ".weight";
    }

    /**
     * Writes the adapters of {@code lora} (fp32) and their config into {@code dir} (created if needed).
     *
     * @param baseModel recorded as {@code base_model_name_or_path}
     */
    public static void save(Lora lora, CausalLm model, Path dir, String baseModel) {
        List<NamedTensor> tensors = new ArrayList<>();
        Set<String> modules = new TreeSet<>();
        for (Map.Entry<String, LoraAdapter> e : lora.adapters().entrySet()) {
            LoraAdapter a = e.getValue();
            tensors.add(new NamedTensor(tensorName(e.getKey(), "lora_A"), longs(a.a().shape()), a.a().data().clone()));
            tensors.add(new NamedTensor(tensorName(e.getKey(), "lora_B"), longs(a.b().shape()), a.b().data().clone()));
            modules.add(e.getKey().substring(e.getKey().lastIndexOf('.') + 1));
        }
        LoraConfig c = lora.config();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("peft_type", "LORA");
        cfg.put("task_type", "CAUSAL_LM");
        cfg.put("base_model_name_or_path", baseModel);
        cfg.put("r", c.rank());
        cfg.put("lora_alpha", c.alpha());
        cfg.put("lora_dropout", c.dropout());
        cfg.put("target_modules", List.copyOf(modules));
        cfg.put("bias", "none");
        cfg.put("fan_in_fan_out", model.config().family() == ModelConfig.Family.GPT2);
        cfg.put("use_rslora", false);
        cfg.put("inference_mode", true);
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, DType.F32, Map.of("format", "pt"));
            Path tmp = Files.createTempFile(dir, "." + CONFIG, ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(cfg));
            Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UnableToSaveAdapterException("cannot write the LoRA adapter to " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable and the disk has space", e);
        }
    }

    /**
     * Attaches the adapters stored in {@code dir} to a frozen model and fills them. Dropout is off
     * (evaluation); call {@link Lora#training} to train on.
     *
     * @throws UnableToLoadAdapterException naming the file, setting or tensor that does not fit
     */
    public static Lora load(CausalLm model, Path dir) {
        JsonNode cfg;
        try {
            cfg = JSON.readTree(Files.readString(dir.resolve(CONFIG)));
        } catch (IOException e) {
            throw new UnableToLoadAdapterException("cannot read " + dir.resolve(CONFIG) + ": " + e.getMessage()
                    + "; a PEFT adapter directory holds adapter_config.json and adapter_model.safetensors", e);
        }
        if (!cfg.path("peft_type").asText("LORA").equals("LORA") || cfg.path("use_rslora").asBoolean(false)
                || cfg.path("use_dora").asBoolean(false)) {
            throw new UnableToLoadAdapterException(dir.resolve(CONFIG) + " describes a " + cfg.path("peft_type").asText()
                    + " adapter with use_rslora=" + cfg.path("use_rslora") + ", use_dora=" + cfg.path("use_dora")
                    + "; only plain LoRA is supported");
        }
        List<String> targets = new ArrayList<>();
        cfg.path("target_modules").forEach(t -> targets.add(t.asText()));
        Lora lora;
        try {
            LoraConfig c = new LoraConfig(cfg.path("r").asInt(), cfg.path("lora_alpha").asDouble(),
                    cfg.path("lora_dropout").asDouble(0), targets, 0);
            lora = Lora.attach(model, c);
        } catch (IllegalArgumentException e) {
            throw new UnableToLoadAdapterException(dir.resolve(CONFIG) + " cannot be applied: " + e.getMessage(), e);
        }
        lora.training(false);
        try (TensorStore store = TensorStore.openFile(dir.resolve(WEIGHTS))) {
            fill(lora, store);
        }
        return lora;
    }

    private static void fill(Lora lora, TensorStore store) {
        List<String> problems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, LoraAdapter> e : lora.adapters().entrySet()) {
            for (var p : List.of(e.getValue().a(), e.getValue().b())) {
                String name = tensorName(e.getKey(), p.name().endsWith("lora_A") ? "lora_A" : "lora_B");
                used.add(name);
                if (!store.contains(name)) {
                    problems.add("missing " + name);
                } else if (!Arrays.equals(store.shape(name), longs(p.shape()))) {
                    problems.add(name + " has shape " + Arrays.toString(store.shape(name)) + ", expected "
                            + Arrays.toString(p.shape()));
                } else {
                    System.arraycopy(store.floats(name), 0, p.data(), 0, p.size());
                    WeightVersions.changed(p.data());
                }
            }
        }
        for (String n : store.names()) {
            if (!used.contains(n)) {
                problems.add("unexpected tensor " + n);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnableToLoadAdapterException("the LoRA adapter does not fit this model: "
                    + String.join("; ", problems.subList(0, Math.min(12, problems.size())))
                    + ". Check that the adapter was trained on this base model");
        }
    }

    private static long[] longs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
