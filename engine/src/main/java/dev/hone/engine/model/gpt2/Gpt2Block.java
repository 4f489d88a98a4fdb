package dev.hone.engine.model.gpt2;

import dev.hone.engine.layer.Linear;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.ParameterSet;
import dev.hone.engine.model.Projections;

/**
 * The parameters of one GPT-2 block under short names {@code h{l}.*} (llm.c's names), and the
 * {@link Linear}s that read them. Weights are held in Linear layout (OC, C); the loader transposes
 * the stored Conv1D (C, OC) layout.
 */
final class Gpt2Block {
    final Parameter ln1w;       // (C)
    final Parameter ln1b;       // (C)
    final Linear qkv;           // qkvw (3C, C) + qkvb (3C): c_attn
    final Linear attproj;       // attprojw (C, C) + attprojb (C): attn.c_proj
    final Parameter ln2w;       // (C)
    final Parameter ln2b;       // (C)
    final Linear fc;            // fcw (FF, C) + fcb (FF): c_fc
    final Linear fcproj;        // fcprojw (C, FF) + fcprojb (C): mlp.c_proj

    Gpt2Block(ParameterSet ps, ModelConfig c, int l, BaseWeights base) {
        boolean trainable = base.trainable();
        String p = "h" + l + ".";
        int C = c.C();
        ln1w = ps.allocate(p + "ln1w", trainable, C);
        ln1b = ps.allocate(p + "ln1b", trainable, C);
        qkv = Projections.allocate(ps, p + "qkvw", p + "qkvb", base, C, 3 * C);
        attproj = Projections.allocate(ps, p + "attprojw", p + "attprojb", base, C, C);
        ln2w = ps.allocate(p + "ln2w", trainable, C);
        ln2b = ps.allocate(p + "ln2b", trainable, C);
        fc = Projections.allocate(ps, p + "fcw", p + "fcb", base, C, c.FF());
        fcproj = Projections.allocate(ps, p + "fcprojw", p + "fcprojb", base, c.FF(), C);
    }
}
