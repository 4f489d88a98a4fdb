package dev.hone.engine.model.llama;

import dev.hone.engine.layer.Linear;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.ParameterSet;
import dev.hone.engine.model.Projections;

/**
 * The parameters of one Llama decoder layer, allocated in a {@link ParameterSet} under short names
 * {@code h{l}.*}, and the {@link Linear} projections that read them. Qwen2's q/k/v biases and
 * Qwen3's per-head q/k norms are present only when the config asks for them (else null).
 */
final class LlamaBlock {
    final Parameter attnNorm;   // (C)
    final Parameter qNorm;      // (hs) or null
    final Parameter kNorm;      // (hs) or null
    final Parameter mlpNorm;    // (C)
    final Linear wq;            // (NH*hs, C) [+ bias (NH*hs)]
    final Linear wk;            // (KVH*hs, C) [+ bias]
    final Linear wv;            // (KVH*hs, C) [+ bias]
    final Linear wo;            // (C, NH*hs) [+ bias (C)]
    final Linear w1;            // gate_proj (FF, C)
    final Linear w3;            // up_proj (FF, C)
    final Linear w2;            // down_proj (C, FF)

    LlamaBlock(ParameterSet ps, ModelConfig c, int l, BaseWeights base) {
        boolean trainable = base.trainable();
        String p = "h" + l + ".";
        int qd = c.NH() * c.hs();
        int kvd = c.KVH() * c.hs();
        attnNorm = ps.allocate(p + "attn_norm", trainable, c.C());
        wq = Projections.allocate(ps, p + "wq", c.qkvBias() ? p + "bq" : null, base, c.C(), qd);
        wk = Projections.allocate(ps, p + "wk", c.qkvBias() ? p + "bk" : null, base, c.C(), kvd);
        wv = Projections.allocate(ps, p + "wv", c.qkvBias() ? p + "bv" : null, base, c.C(), kvd);
        qNorm = c.qkNorm() ? ps.allocate(p + "q_norm", trainable, c.hs()) : null;
        kNorm = c.qkNorm() ? ps.allocate(p + "k_norm", trainable, c.hs()) : null;
        wo = Projections.allocate(ps, p + "wo", c.outputBias() ? p + "bo" : null, base, qd, c.C());
        mlpNorm = ps.allocate(p + "mlp_norm", trainable, c.C());
        w1 = Projections.allocate(ps, p + "w1", null, base, c.C(), c.FF());
        w3 = Projections.allocate(ps, p + "w3", null, base, c.C(), c.FF());
        w2 = Projections.allocate(ps, p + "w2", null, base, c.FF(), c.C());
    }
}
