package dev.hone.engine.lora;

import dev.hone.engine.kernel.WeightVersions;
import dev.hone.engine.layer.Linear;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.ParameterSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Attaches LoRA adapters to the target projections of a frozen model. A is Kaiming-uniform
 * (bound 1/√C, PyTorch's {@code kaiming_uniform_(a=√5)}), B is zero, so the model starts out exactly
 * as the base. Adapter tensors join the model's {@link ParameterSet} as {@code <module>.lora_A} (r, C)
 * and {@code <module>.lora_B} (OC, r), module being the HF path ({@code model.layers.0.self_attn.q_proj}).
 * Reference: torchtune {@code LoRALinear}; PEFT's tensor names.
 */
public final class Lora {
    private final LoraConfig config;
    private final Map<String, LoraAdapter> adapters;
    private final Map<String, Linear> wrapped;
    private final LoraScratch scratch;

    private Lora(LoraConfig config, Map<String, LoraAdapter> adapters, Map<String, Linear> wrapped,
                 LoraScratch scratch) {
        this.config = config;
        this.adapters = adapters;
        this.wrapped = wrapped;
        this.scratch = scratch;
    }

    /**
     * Wraps every projection whose name matches a target.
     *
     * @param model built with frozen base weights ({@code trainable = false})
     * @throws IllegalArgumentException when the base is trainable or no module matches a target
     */
    public static Lora attach(CausalLm model, LoraConfig config) {
        if (!model.parameters().trainable().isEmpty()) {
            throw new IllegalArgumentException("LoRA needs a frozen base model: build it with trainable = false"
                    + " (found " + model.parameters().trainable().size() + " trainable tensors)");
        }
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        Map<String, Linear> wrapped = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(config.seed());
        LoraScratch scratch = new LoraScratch();
        for (Map.Entry<String, Linear> e : model.projections().entrySet()) {
            if (!matches(e.getKey(), config.targetModules())) {
                continue;
            }
            Linear lin = e.getValue();
            int C = lin.inFeatures();
            int OC = lin.outFeatures();
            ParameterSet ps = model.parameters();
            Parameter a = ps.allocate(e.getKey() + ".lora_A", true, config.rank(), C);
            Parameter b = ps.allocate(e.getKey() + ".lora_B", true, OC, config.rank());
            double bound = 1.0 / Math.sqrt(C);
            for (int i = 0; i < a.size(); i++) {
                a.data()[i] = (float) (rng.nextDouble() * 2 * bound - bound);
            }
            LoraAdapter adapter = new LoraAdapter(a, b, config, config.seed() * 31 + adapters.size() + 1,
                    scratch);
            lin.adapter(adapter);
            adapters.put(e.getKey(), adapter);
            wrapped.put(e.getKey(), lin);
        }
        if (adapters.isEmpty()) {
            throw new IllegalArgumentException("no projection matches the LoRA targets " + config.targetModules()
                    + "; this model has " + model.projections().keySet().stream()
                    .map(k -> k.substring(k.lastIndexOf('.') + 1)).distinct().toList());
        }
        return new Lora(config, adapters, wrapped, scratch);
    }

    static boolean matches(String module, List<String> targets) {
        String last = module.substring(module.lastIndexOf('.') + 1);
        for (String t : targets) {
            if (last.equals(t) || last.equals(t + "_proj")) {
                return true;
            }
        }
        return false;
    }

    public LoraConfig config() {
        return config;
    }

    /** Adapters by HF module path, in model order. */
    public Map<String, LoraAdapter> adapters() {
        return Collections.unmodifiableMap(adapters);
    }

    /** The adapter tensors (what the optimizer updates and PEFT saving writes). */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (LoraAdapter a : adapters.values()) {
            out.add(a.a());
            out.add(a.b());
        }
        return out;
    }

    /**
     * Folds every adapter into its base weight, W += (alpha/r)·B·A, and detaches it: the model then
     * computes what it computed with the adapters (without dropout), at the base model's cost. The
     * adapter tensors stay in the ParameterSet but no longer take part; {@code HfTensors} skips them.
     */
    public void mergeIntoBase() {
        float scale = config.scale();
        int r = config.rank();
        for (Map.Entry<String, LoraAdapter> e : adapters.entrySet()) {
            Linear lin = wrapped.get(e.getKey());
            float[] w = lin.weight();
            if (w == null) {
                throw new IllegalStateException("cannot merge the adapter on " + e.getKey() + " into a bf16 base"
                        + " weight; expected an fp32 base. Load the base with BaseWeights.TRAINABLE (fp32) to merge");
            }
            float[] a = e.getValue().a().data();
            float[] b = e.getValue().b().data();
            int c = lin.inFeatures();
            for (int o = 0; o < lin.outFeatures(); o++) {
                for (int i = 0; i < c; i++) {
                    float sum = 0f;
                    for (int k = 0; k < r; k++) {
                        sum += b[o * r + k] * a[k * c + i];
                    }
                    w[o * c + i] += scale * sum;
                }
            }
            WeightVersions.changed(w);
            lin.adapter(null);
        }
    }

    /** Bytes of the adapters' activation caches (h per adapter) and their shared work arrays. */
    public long activationBytes() {
        long n = scratch.bytes();
        for (LoraAdapter a : adapters.values()) {
            n += a.cacheBytes();
        }
        return n;
    }

    /** Dropout on (training) or off (evaluation, generation) for every adapter. */
    public void training(boolean on) {
        adapters.values().forEach(a -> a.training(on));
    }
}
