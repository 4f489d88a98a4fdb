package dev.hone.engine.generate;

import dev.hone.engine.layer.Gelu;
import dev.hone.engine.layer.LayerNorm;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.ParameterSet;

/**
 * Incremental forward of GPT-2 (token + learned position embedding, LayerNorm, fused c_attn split
 * into q/k/v, multi-head attention over the cache, GELU-tanh MLP, tied LM head), the same layer
 * sequence as {@code Gpt2Model.forward}. Weights are read by their short names.
 */
final class Gpt2Decoder extends Decoder {
    private final Parameter wte;     // (V, C), also the LM head; fp32 or bf16
    private final float[] wpe;       // (maxT, C)
    private final float[] lnfw;      // (C)
    private final float[] lnfb;      // (C)
    private final float[][] ln1w;    // L × (C)
    private final float[][] ln1b;    // L × (C)
    private final Parameter[] qkvw;  // L × (3C, C)
    private final float[][] qkvb;    // L × (3C)
    private final Parameter[] attprojw; // L × (C, C)
    private final float[][] attprojb; // L × (C)
    private final float[][] ln2w;    // L × (C)
    private final float[][] ln2b;    // L × (C)
    private final Parameter[] fcw;   // L × (FF, C)
    private final float[][] fcb;     // L × (FF)
    private final Parameter[] fcprojw; // L × (C, FF)
    private final float[][] fcprojb; // L × (C)

    Gpt2Decoder(CausalLm model, RuntimeAdapter adapter) {
        super(model.config(), adapter);
        ParameterSet ps = model.parameters();
        int L = c.L();
        wte = ps.get("wte");
        wpe = ps.get("wpe").data();
        lnfw = ps.get("lnfw").data();
        lnfb = ps.get("lnfb").data();
        ln1w = layer(ps, "ln1w");
        ln1b = layer(ps, "ln1b");
        qkvw = matrices(ps, "qkvw");
        qkvb = layer(ps, "qkvb");
        attprojw = matrices(ps, "attprojw");
        attprojb = layer(ps, "attprojb");
        ln2w = layer(ps, "ln2w");
        ln2b = layer(ps, "ln2b");
        fcw = matrices(ps, "fcw");
        fcb = layer(ps, "fcb");
        fcprojw = matrices(ps, "fcprojw");
        fcprojb = layer(ps, "fcprojb");
    }

    private Parameter[] matrices(ParameterSet ps, String name) {
        Parameter[] out = new Parameter[c.L()];
        for (int l = 0; l < c.L(); l++) {
            out[l] = ps.get("h" + l + "." + name);
        }
        return out;
    }

    private float[][] layer(ParameterSet ps, String name) {
        float[][] out = new float[c.L()][];
        for (int l = 0; l < c.L(); l++) {
            out[l] = ps.get("h" + l + "." + name).data();
        }
        return out;
    }

    @Override
    protected void body(KvCache cache, Workspace ws, int T, int pos0) {
        int C = c.C();
        int FF = c.FF();
        float eps = c.normEps();
        embed(ws.x, ws.tok, ws.pos, wte, wpe, T, C);
        for (int l = 0; l < c.L(); l++) {
            String m = "transformer.h." + l + ".";
            LayerNorm.forward(ws.xn, ws.mean, ws.rstd, ws.x, ln1w[l], ln1b[l], T, C, eps);
            project(ws, m + "attn.c_attn", ws.qkv, ws.xn, qkvw[l], qkvb[l], T, C, 3 * C);
            for (int t = 0; t < T; t++) {
                System.arraycopy(ws.qkv, t * 3 * C, ws.q, t * C, C);
                System.arraycopy(ws.qkv, t * 3 * C + C, ws.k, t * C, C);
                System.arraycopy(ws.qkv, t * 3 * C + 2 * C, ws.v, t * C, C);
            }
            append(cache, l, ws.k, ws.v, T, pos0);
            attend(ws.atty, ws.q, cache, ws, l, T, pos0);
            project(ws, m + "attn.c_proj", ws.br, ws.atty, attprojw[l], attprojb[l], T, C, C);
            addInPlace(ws.x, ws.br, T * C);
            LayerNorm.forward(ws.xn, ws.mean, ws.rstd, ws.x, ln2w[l], ln2b[l], T, C, eps);
            project(ws, m + "mlp.c_fc", ws.gate, ws.xn, fcw[l], fcb[l], T, C, FF);
            Gelu.forward(ws.act, ws.gate, T * FF);
            project(ws, m + "mlp.c_proj", ws.br, ws.act, fcprojw[l], fcprojb[l], T, FF, C);
            addInPlace(ws.x, ws.br, T * C);
        }
        LayerNorm.forward(ws.xn, ws.mean, ws.rstd, ws.x, lnfw, lnfb, T, C, eps);
    }

    @Override
    protected void head(float[] logits, float[] xn, int T) {
        linear(logits, xn, wte, null, T, c.C(), c.V());
    }
}
