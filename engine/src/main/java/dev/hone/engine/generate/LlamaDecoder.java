package dev.hone.engine.generate;

import dev.hone.engine.layer.RmsNorm;
import dev.hone.engine.layer.Rope;
import dev.hone.engine.layer.SwiGlu;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.ParameterSet;

/**
 * Incremental forward of the Llama family (RMSNorm, q/k/v [+ biases, + Qwen3 q/k norm], RoPE at each
 * token's absolute position, GQA over the cache, SwiGLU), the same layer sequence as
 * {@code LlamaModel.forward}. Weights are read by their short names from the model's parameters.
 */
final class LlamaDecoder extends Decoder {
    private final Parameter embed;     // (V, C), fp32 or bf16
    private final float[] norm;        // (C)
    private final Parameter lmHead;    // (V, C), embed when tied
    private final float[] invFreq;     // (hs/2)
    private final float[][] attnNorm;  // L × (C)
    private final float[][] qNorm;     // L × (hs) or null
    private final float[][] kNorm;     // L × (hs) or null
    private final float[][] mlpNorm;   // L × (C)
    private final Parameter[] wq;      // L × (NH*hs, C)
    private final Parameter[] wk;      // L × (KVH*hs, C)
    private final Parameter[] wv;      // L × (KVH*hs, C)
    private final Parameter[] wo;      // L × (C, NH*hs)
    private final float[][] bq;        // L × (NH*hs) or null
    private final float[][] bk;        // L × (KVH*hs) or null
    private final float[][] bv;        // L × (KVH*hs) or null
    private final float[][] bo;        // L × (C) or null
    private final Parameter[] w1;      // L × (FF, C) gate
    private final Parameter[] w3;      // L × (FF, C) up
    private final Parameter[] w2;      // L × (C, FF) down

    LlamaDecoder(CausalLm model, RuntimeAdapter adapter) {
        super(model.config(), adapter);
        ParameterSet ps = model.parameters();
        int L = c.L();
        embed = ps.get("embed");
        norm = ps.get("norm").data();
        lmHead = ps.get(c.tieEmbeddings() ? "embed" : "lm_head");
        invFreq = Rope.inverseFrequencies(c.hs(), c.ropeTheta(), c.ropeScaling());
        attnNorm = new float[L][];
        qNorm = new float[L][];
        kNorm = new float[L][];
        mlpNorm = new float[L][];
        wq = new Parameter[L];
        wk = new Parameter[L];
        wv = new Parameter[L];
        wo = new Parameter[L];
        bq = new float[L][];
        bk = new float[L][];
        bv = new float[L][];
        bo = new float[L][];
        w1 = new Parameter[L];
        w3 = new Parameter[L];
        w2 = new Parameter[L];
        for (int l = 0; l < L; l++) {
            String p = "h" + l + ".";
            attnNorm[l] = ps.get(p + "attn_norm").data();
            mlpNorm[l] = ps.get(p + "mlp_norm").data();
            wq[l] = ps.get(p + "wq");
            wk[l] = ps.get(p + "wk");
            wv[l] = ps.get(p + "wv");
            wo[l] = ps.get(p + "wo");
            w1[l] = ps.get(p + "w1");
            w3[l] = ps.get(p + "w3");
            w2[l] = ps.get(p + "w2");
            if (c.qkNorm()) {
                qNorm[l] = ps.get(p + "q_norm").data();
                kNorm[l] = ps.get(p + "k_norm").data();
            }
            if (c.qkvBias()) {
                bq[l] = ps.get(p + "bq").data();
                bk[l] = ps.get(p + "bk").data();
                bv[l] = ps.get(p + "bv").data();
            }
            if (c.outputBias()) {
                bo[l] = ps.get(p + "bo").data();
            }
        }
    }

    @Override
    protected void body(KvCache cache, Workspace ws, int T, int pos0) {
        int C = c.C();
        int NH = c.NH();
        int KVH = c.KVH();
        int hs = c.hs();
        int qd = NH * hs;
        int kvd = KVH * hs;
        float eps = c.normEps();
        embed(ws.x, ws.tok, null, embed, null, T, C);
        Rope.tables(ws.cos, ws.sin, ws.pos, invFreq, T, hs);
        for (int l = 0; l < c.L(); l++) {
            String m = "model.layers." + l + ".";
            RmsNorm.forward(ws.xn, ws.rstd, ws.x, attnNorm[l], T, C, eps);
            project(ws, m + "self_attn.q_proj", ws.q, ws.xn, wq[l], bq[l], T, C, qd);
            project(ws, m + "self_attn.k_proj", ws.k, ws.xn, wk[l], bk[l], T, C, kvd);
            project(ws, m + "self_attn.v_proj", ws.v, ws.xn, wv[l], bv[l], T, C, kvd);
            float[] q = ws.q;
            float[] k = ws.k;
            if (c.qkNorm()) {
                // normalise into qr/kr, rotate back into q/k (RoPE must not alias its input)
                RmsNorm.forward(ws.qr, ws.rstd, ws.q, qNorm[l], T * NH, hs, eps);
                RmsNorm.forward(ws.kr, ws.rstd, ws.k, kNorm[l], T * KVH, hs, eps);
                Rope.forward(ws.q, ws.qr, ws.cos, ws.sin, T, NH, hs);
                Rope.forward(ws.k, ws.kr, ws.cos, ws.sin, T, KVH, hs);
            } else {
                Rope.forward(ws.qr, ws.q, ws.cos, ws.sin, T, NH, hs);
                Rope.forward(ws.kr, ws.k, ws.cos, ws.sin, T, KVH, hs);
                q = ws.qr;
                k = ws.kr;
            }
            append(cache, l, k, ws.v, T, pos0);
            attend(ws.atty, q, cache, ws, l, T, pos0);
            project(ws, m + "self_attn.o_proj", ws.br, ws.atty, wo[l], bo[l], T, qd, C);
            addInPlace(ws.x, ws.br, T * C);
            RmsNorm.forward(ws.xn, ws.rstd, ws.x, mlpNorm[l], T, C, eps);
            project(ws, m + "mlp.gate_proj", ws.gate, ws.xn, w1[l], null, T, C, c.FF());
            project(ws, m + "mlp.up_proj", ws.up, ws.xn, w3[l], null, T, C, c.FF());
            SwiGlu.forward(ws.act, ws.gate, ws.up, T * c.FF());
            project(ws, m + "mlp.down_proj", ws.br, ws.act, w2[l], null, T, c.FF(), C);
            addInPlace(ws.x, ws.br, T * C);
        }
        RmsNorm.forward(ws.xn, ws.rstd, ws.x, norm, T, C, eps);
    }

    @Override
    protected void head(float[] logits, float[] xn, int T) {
        linear(logits, xn, lmHead, null, T, c.C(), c.V());
    }
}
