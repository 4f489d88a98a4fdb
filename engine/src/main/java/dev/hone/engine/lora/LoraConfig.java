package dev.hone.engine.lora;

import java.util.List;

/**
 * LoRA hyperparameters.
 *
 * @param rank          r, the adapter's inner width, ≥ 1
 * @param alpha         the output is scaled by alpha / r
 * @param dropout       dropout probability on the adapter's input, in [0, 1)
 * @param targetModules module names to wrap: q, k, v, o, gate, up, down (or their HF names q_proj …);
 *                      for GPT-2 c_attn, c_proj, c_fc. A module matches when its last path component
 *                      equals a target or the target + "_proj"
 * @param seed          seeds A's initialisation and the dropout masks
 */
public record LoraConfig(int rank, double alpha, double dropout, List<String> targetModules, long seed) {
    /** The default targets: every attention and MLP projection of a Llama-family model. */
    public static final List<String> LLAMA_TARGETS = List.of("q", "k", "v", "o", "gate", "up", "down");
    /** Every projection of a GPT-2 block. */
    public static final List<String> GPT2_TARGETS = List.of("c_attn", "c_proj", "c_fc");

    public LoraConfig {
        if (rank < 1 || !(alpha > 0) || !(dropout >= 0 && dropout < 1) || targetModules == null
                || targetModules.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs rank ≥ 1, alpha > 0, dropout in [0, 1) and at least one"
                    + " target module; found rank=" + rank + ", alpha=" + alpha + ", dropout=" + dropout
                    + ", targets=" + targetModules);
        }
        targetModules = List.copyOf(targetModules);
    }

    public float scale() {
        return (float) (alpha / rank);
    }
}
