package dev.hone.engine.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.layer.Linear;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraAdapter;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.lora.UnableToLoadAdapterException;
import dev.hone.engine.model.CausalLm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA adapter held beside a shared base instead of merged into it: per adapted projection (HF
 * module path) its {@link LoraDelta}. Many adapters can serve from one copy of the base weights.
 * Loaded from the PEFT layout ({@code adapter_config.json} + {@code adapter_model.safetensors}) that
 * {@link PeftAdapter} writes; the adapted modules are the ones the file holds tensors for.
 * Not supported: DoRA, bias training, modules_to_save.
 */
public final class RuntimeAdapter {
    /** No adapter: the base model as it is. */
    public static final RuntimeAdapter NONE = new RuntimeAdapter(Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "base_model.model.";
    private static final String A_SUFFIX = ".lora_A.weight";
    private static final String B_SUFFIX = ".lora_B.weight";

    private final Map<String, LoraDelta> deltas;

    private RuntimeAdapter(Map<String, LoraDelta> deltas) {
        this.deltas = Collections.unmodifiableMap(deltas);
    }

    /** The delta of a projection, or null when the adapter leaves it alone. */
    public LoraDelta delta(String module) {
        return deltas.get(module);
    }

    /** Adapted modules by HF path. */
    public Map<String, LoraDelta> deltas() {
        return deltas;
    }

    /** The adapters of a live {@link Lora} (sharing its arrays), e.g. to sample during training. */
    public static RuntimeAdapter of(Lora lora) {
        Map<String, LoraDelta> m = new LinkedHashMap<>();
        for (Map.Entry<String, LoraAdapter> e : lora.adapters().entrySet()) {
            LoraAdapter a = e.getValue();
            m.put(e.getKey(), new LoraDelta(a.a().data(), a.b().data(), a.a().shape()[0], lora.config().scale()));
        }
        return new RuntimeAdapter(m);
    }

    /**
     * Reads a PEFT adapter directory for {@code base}, checking every tensor against the base's projections.
     *
     * @throws UnableToLoadAdapterException naming the file, setting or tensor that does not fit
     */
    public static RuntimeAdapter load(Path dir, CausalLm base) {
        Path cfgFile = dir.resolve(PeftAdapter.CONFIG);
        JsonNode cfg;
        try {
            cfg = JSON.readTree(Files.readString(cfgFile));
        } catch (IOException e) {
            throw new UnableToLoadAdapterException("cannot read " + cfgFile + ": " + e.getMessage()
                    + "; a PEFT adapter directory holds adapter_config.json and adapter_model.safetensors", e);
        }
        int r = cfg.path("r").asInt(0);
        double alpha = cfg.path("lora_alpha").asDouble(0);
        if (!cfg.path("peft_type").asText("LORA").equals("LORA") || cfg.path("use_dora").asBoolean(false)
                || r < 1 || !(alpha > 0)) {
            throw new UnableToLoadAdapterException(cfgFile + " describes peft_type=" + cfg.path("peft_type").asText()
                    + ", use_dora=" + cfg.path("use_dora").asBoolean(false) + ", r=" + r + ", lora_alpha=" + alpha
                    + "; expected a plain LoRA adapter with r ≥ 1 and lora_alpha > 0");
        }
        float scale = (float) (cfg.path("use_rslora").asBoolean(false) ? alpha / Math.sqrt(r) : alpha / r);
        try (TensorStore store = TensorStore.openFile(dir.resolve(PeftAdapter.WEIGHTS))) {
            return new RuntimeAdapter(read(store, base, r, scale));
        }
    }

    private static Map<String, LoraDelta> read(TensorStore store, CausalLm base, int r, float scale) {
        Map<String, Linear> projections = base.projections();
        Map<String, LoraDelta> m = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String name : store.names().stream().sorted().toList()) {
            if (name.endsWith(B_SUFFIX) && name.startsWith(PREFIX)) {
                continue;
            }
            if (!name.endsWith(A_SUFFIX) || !name.startsWith(PREFIX)) {
                problems.add("unexpected tensor " + name);
                continue;
            }
            String module = name.substring(PREFIX.length(), name.length() - A_SUFFIX.length());
            Linear lin = projections.get(module);
            String bName = PeftAdapter.tensorName(module, "lora_B");
            long[] aShape = {r, lin == null ? -1 : lin.inFeatures()};
            long[] bShape = {lin == null ? -1 : lin.outFeatures(), r};
            if (lin == null) {
                problems.add(name + " adapts " + module + ", which this model does not have");
            } else if (!store.contains(bName)) {
                problems.add("missing " + bName);
            } else if (!Arrays.equals(store.shape(name), aShape) || !Arrays.equals(store.shape(bName), bShape)) {
                problems.add(module + " has lora_A " + Arrays.toString(store.shape(name)) + " and lora_B "
                        + Arrays.toString(store.shape(bName)) + ", expected " + Arrays.toString(aShape) + " and "
                        + Arrays.toString(bShape));
            } else {
                m.put(module, new LoraDelta(store.floats(name), store.floats(bName), r, scale));
            }
        }
        for (String name : store.names()) {
            if (name.endsWith(B_SUFFIX) && name.startsWith(PREFIX) && !store.contains(
                    name.substring(0, name.length() - B_SUFFIX.length()) + A_SUFFIX)) {
                problems.add("lora_B without lora_A: " + name);
            }
        }
        if (m.isEmpty() && problems.isEmpty()) {
            problems.add("no lora_A/lora_B tensors");
        }
        if (!problems.isEmpty()) {
            throw new UnableToLoadAdapterException("the LoRA adapter does not fit this " + base.config().architecture()
                    + " model: " + String.join("; ", problems.subList(0, Math.min(12, problems.size())))
                    + ". Check that the adapter was trained on this base model");
        }
        return m;
    }
}
