package dev.hone.engine.model.gpt2;

import dev.hone.engine.model.TensorSource;
import dev.hone.engine.model.WeightLoader;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Hugging Face GPT-2 tensor names ({@code transformer.h.{l}.attn.c_attn.weight} …) mapped to our
 * short names ({@code h{l}.qkvw} …). HF stores c_attn, c_proj and c_fc as Conv1D, (C, OC): they are
 * transposed to Linear layout (OC, C) on load. Checkpoints without the {@code transformer.} prefix
 * (the original {@code gpt2}) are accepted. Reference: HF {@code modeling_gpt2.py}, nanoGPT {@code from_pretrained}.
 */
public final class Gpt2Weights {
    private static final Map<String, String> LAYER = Map.ofEntries(
            Map.entry("ln1w", "ln_1.weight"), Map.entry("ln1b", "ln_1.bias"),
            Map.entry("qkvw", "attn.c_attn.weight"), Map.entry("qkvb", "attn.c_attn.bias"),
            Map.entry("attprojw", "attn.c_proj.weight"), Map.entry("attprojb", "attn.c_proj.bias"),
            Map.entry("ln2w", "ln_2.weight"), Map.entry("ln2b", "ln_2.bias"),
            Map.entry("fcw", "mlp.c_fc.weight"), Map.entry("fcb", "mlp.c_fc.bias"),
            Map.entry("fcprojw", "mlp.c_proj.weight"), Map.entry("fcprojb", "mlp.c_proj.bias"));
    private static final Set<String> CONV1D = Set.of("qkvw", "attprojw", "fcw", "fcprojw");

    private Gpt2Weights() {
    }

    /** Our short parameter name → the Hugging Face tensor name (with the {@code transformer.} prefix). */
    public static String hfName(String shortName) {
        switch (shortName) {
            case "wte":
                return "transformer.wte.weight";
            case "wpe":
                return "transformer.wpe.weight";
            case "lnfw":
                return "transformer.ln_f.weight";
            case "lnfb":
                return "transformer.ln_f.bias";
            default:
                int dot = shortName.indexOf('.');
                String hf = dot < 0 ? null : LAYER.get(shortName.substring(dot + 1));
                if (!shortName.startsWith("h") || hf == null) {
                    throw new IllegalArgumentException("not a GPT-2 parameter name: " + shortName);
                }
                return "transformer.h." + shortName.substring(1, dot) + "." + hf;
        }
    }

    /** Whether the stored tensor is a Conv1D weight, (C, OC), that must be transposed. */
    public static boolean isConv1d(String shortName) {
        int dot = shortName.indexOf('.');
        return dot > 0 && CONV1D.contains(shortName.substring(dot + 1));
    }

    /** Fills every parameter from the source; fails naming each missing, misshapen or unexpected tensor. */
    public static void load(Gpt2Model model, TensorSource src) {
        String prefix = src.names().contains("transformer.wte.weight") ? "" : "transformer.";
        Set<String> transposed = new HashSet<>();
        model.parameters().forEach(p -> {
            if (isConv1d(p.name())) {
                transposed.add(p.name());
            }
        });
        WeightLoader.load(model.parameters(), src, n -> hfName(n).substring(prefix.length()), transposed,
                n -> n.equals("lm_head.weight") || n.endsWith(".attn.bias") && !n.contains("c_attn")
                        || n.endsWith(".attn.masked_bias"));
    }
}
