package dev.hone.engine.model.llama;

import dev.hone.engine.model.ParameterSet;
import dev.hone.engine.model.TensorSource;
import dev.hone.engine.model.WeightLoader;

import java.util.Map;
import java.util.Set;

/**
 * Hugging Face tensor names of the Llama family ({@code model.layers.{l}.self_attn.q_proj.weight} …)
 * mapped to our short names ({@code h{l}.wq} …), and loading through {@link WeightLoader}.
 * The only place those long names appear. Reference: HF {@code modeling_llama.py} / {@code modeling_qwen3.py}.
 */
public final class LlamaWeights {
    private static final Map<String, String> LAYER = Map.ofEntries(
            Map.entry("attn_norm", "input_layernorm.weight"),
            Map.entry("wq", "self_attn.q_proj.weight"), Map.entry("bq", "self_attn.q_proj.bias"),
            Map.entry("wk", "self_attn.k_proj.weight"), Map.entry("bk", "self_attn.k_proj.bias"),
            Map.entry("wv", "self_attn.v_proj.weight"), Map.entry("bv", "self_attn.v_proj.bias"),
            Map.entry("wo", "self_attn.o_proj.weight"), Map.entry("bo", "self_attn.o_proj.bias"),
            Map.entry("q_norm", "self_attn.q_norm.weight"), Map.entry("k_norm", "self_attn.k_norm.weight"),
            Map.entry("mlp_norm", "post_attention_layernorm.weight"),
            Map.entry("w1", "mlp.gate_proj.weight"), Map.entry("w3", "mlp.up_proj.weight"),
            Map.entry("w2", "mlp.down_proj.weight"));

    private LlamaWeights() {
    }

    /** Our short parameter name → the Hugging Face tensor name. */
    public static String hfName(String shortName) {
        switch (shortName) {
            case "embed":
                return "model.embed_tokens.weight";
            case "norm":
                return "model.norm.weight";
            case "lm_head":
                return "lm_head.weight";
            default:
                int dot = shortName.indexOf('.');
                String hf = LAYER.get(shortName.substring(dot + 1));
                if (!shortName.startsWith("h") || hf == null) {
                    throw new IllegalArgumentException("not a Llama parameter name: " + shortName);
                }
                return "model.layers." + shortName.substring(1, dot) + "." + hf;
        }
    }

    /**
     * Fills every parameter of the model from the source; fails naming each missing, misshapen or
     * unexpected tensor. A stored {@code lm_head.weight} is ignored when embeddings are tied.
     */
    public static void load(LlamaModel model, TensorSource src) {
        ParameterSet ps = model.parameters();
        boolean tied = model.config().tieEmbeddings();
        WeightLoader.load(ps, src, LlamaWeights::hfName, Set.of(),
                n -> n.endsWith("rotary_emb.inv_freq") || (tied && n.equals("lm_head.weight")));
    }
}
