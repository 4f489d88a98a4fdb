package dev.hone.engine.model.llama;

import dev.hone.engine.layer.Linear;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.ParameterSet;

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

    LlamaBlock(ParameterSet ps, ModelConfig c, int l, boolean trainable) {
        String p = "h" + l + ".";
        int qd = c.NH() * c.hs();
        int kvd = c.KVH() * c.hs();
        attnNorm = ps.allocate(p + "attn_norm", trainable, c.C());
        wq = linear(ps, p + "wq", c.qkvBias() ? p + "bq" : null, trainable, c.C(), qd);
        wk = linear(ps, p + "wk", c.qkvBias() ? p + "bk" : null, trainable, c.C(), kvd);
        wv = linear(ps, p + "wv", c.qkvBias() ? p + "bv" : null, trainable, c.C(), kvd);
        qNorm = c.qkNorm() ? ps.allocate(p + "q_norm", trainable, c.hs()) : null;
        kNorm = c.qkNorm() ? ps.allocate(p + "k_norm", trainable, c.hs()) : null;
        wo = linear(ps, p + "wo", c.outputBias() ? p + "bo" : null, trainable, qd, c.C());
        mlpNorm = ps.allocate(p + "mlp_norm", trainable, c.C());
        w1 = linear(ps, p + "w1", null, trainable, c.C(), c.FF());
        w3 = linear(ps, p + "w3", null, trainable, c.C(), c.FF());
        w2 = linear(ps, p + "w2", null, trainable, c.FF(), c.C());
    }

    static Linear linear(ParameterSet ps, String w, String b, boolean trainable, int C, int OC) {
        Parameter weight = ps.allocate(w, trainable, OC, C);
        Parameter bias = b == null ? null : ps.allocate(b, trainable, OC);
        return new Linear(weight.data(), weight.grad(), bias == null ? null : bias.data(),
                bias == null ? null : bias.grad(), C, OC);
    }
}
