package dev.hone.engine.model.gpt2;

import dev.hone.engine.layer.Attention;
import dev.hone.engine.layer.CrossEntropy;
import dev.hone.engine.layer.Embedding;
import dev.hone.engine.layer.Gelu;
import dev.hone.engine.layer.LayerNorm;
import dev.hone.engine.layer.Linear;
import dev.hone.engine.layer.Residual;
import dev.hone.engine.model.ActivationMemory;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.ParameterSet;
import dev.hone.engine.model.Projections;
import dev.hone.engine.model.StepResult;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-2 as explicit forward and backward passes: token + learned position embedding → L × [LayerNorm
 * → c_attn → causal attention → c_proj → residual → LayerNorm → c_fc → GELU-tanh → c_proj → residual]
 * → LayerNorm → tied LM head → cross-entropy. Backward is the same calls reversed (under
 * {@link ActivationMemory#RECOMPUTE} preceded, per block, by that block's forward again). No KV cache.
 * Reference: llm.c {@code train_gpt2.c} {@code gpt2_forward} / {@code gpt2_backward}.
 */
public final class Gpt2Model implements CausalLm {
    private final ModelConfig c;
    private final ParameterSet params = new ParameterSet();
    private final Parameter wte;     // (V, C)
    private final Parameter wpe;     // (maxT, C)
    private final Gpt2Block[] blocks;
    private final Parameter lnfw;    // (C)
    private final Parameter lnfb;    // (C)
    private final Linear lmHead;     // wte (V, C), tied
    private Gpt2Activations a;
    private Batch batch;
    private int weighted;
    private boolean backwardDone;
    private ActivationMemory memory = ActivationMemory.fromSystemProperty();
    private boolean again;

    /**
     * A zero-initialised model; fill it with {@link Gpt2Weights#load} or by writing the parameter arrays.
     *
     * @param base TRAINABLE keeps a grad per base parameter (full fine-tuning); FROZEN for LoRA/inference
     */
    public Gpt2Model(ModelConfig config, BaseWeights base) {
        if (config.family() != ModelConfig.Family.GPT2) {
            throw new IllegalArgumentException("Gpt2Model needs a GPT-2 config; found " + config.architecture());
        }
        this.c = config;
        boolean trainable = base.trainable();
        wte = base.bf16Linears() ? params.allocateBf16("wte", c.V(), c.C())
                : params.allocate("wte", trainable, c.V(), c.C());
        wpe = params.allocate("wpe", trainable, c.maxT(), c.C());
        blocks = new Gpt2Block[c.L()];
        for (int l = 0; l < c.L(); l++) {
            blocks[l] = new Gpt2Block(params, c, l, base);
        }
        lnfw = params.allocate("lnfw", trainable, c.C());
        lnfb = params.allocate("lnfb", trainable, c.C());
        lmHead = Projections.of(wte, null, c.C(), c.V());
    }

    @Override
    public StepResult forward(Batch batch) {
        batch.checkIds(c.V());
        c.checkPositions(batch.positions());
        this.batch = batch;
        this.backwardDone = false;
        int B = batch.B();
        int T = batch.T();
        int BT = B * T;
        if (a == null) {
            a = new Gpt2Activations(c, B, T, memory);
        } else if (a.B != B || a.T != T) {
            throw new IllegalArgumentException("activations were sized for (B, T) = (" + a.B + ", " + a.T
                    + ") by the first forward; found (" + B + ", " + T + "). Use one batch shape per model instance");
        }
        if (wte.bf16() != null) {
            Embedding.forward(a.x0, batch.tokens(), batch.positions(), wte.bf16(), wpe.data(), BT, c.C());
        } else {
            Embedding.forward(a.x0, batch.tokens(), batch.positions(), wte.data(), wpe.data(), BT, c.C());
        }
        for (int l = 0; l < c.L(); l++) {
            blockForward(l, l == 0 ? a.x0 : a.res3[l - 1]);
        }
        LayerNorm.forward(a.lnf, a.lnfMean, a.lnfRstd, a.res3[c.L() - 1], lnfw.data(), lnfb.data(), BT, c.C(),
                c.normEps());
        lmHead.forward(a.logits, a.lnf, BT);
        CrossEntropy.Totals totals =
            CrossEntropy.forward(a.losses, a.lse, a.logits, batch.targets(), batch.lossWeights(), BT, c.V());
        double sum = totals.loss();
        int correct = totals.correct();
        weighted = 0;
        for (float w : batch.lossWeights()) {
            weighted += (int) w;
        }
        return weighted == 0 ? new StepResult(0f, 0f, 0, 0)
                : new StepResult((float) (sum / weighted), (float) correct / weighted, weighted, correct);
    }

    private void blockForward(int l, float[] x) {
        Gpt2Block w = blocks[l];
        int B = a.B;
        int T = a.T;
        int BT = B * T;
        int C = c.C();
        LayerNorm.forward(a.ln1[l], a.ln1Mean[l], a.ln1Rstd[l], x, w.ln1w.data(), w.ln1b.data(), BT, C, c.normEps());
        w.qkv.forward(a.qkv, a.ln1[l], BT, again);
        QkvSplit.forward(a.q[l], a.k[l], a.v[l], a.qkv, BT, C);
        Attention.forward(a.atty[l], a.attLse[l], a.q[l], a.k[l], a.v[l], batch.segments(), B, T, c.NH(), c.NH(), c.hs());
        w.attproj.forward(a.branch, a.atty[l], BT, again);
        LayerNorm.forwardResidual(a.res2[l], a.ln2[l], a.ln2Mean[l], a.ln2Rstd[l], x, a.branch, w.ln2w.data(),
                w.ln2b.data(), BT, C, c.normEps());
        w.fc.forward(a.fc[l], a.ln2[l], BT, again);
        Gelu.forward(a.gelu[l], a.fc[l], BT * c.FF());
        w.fcproj.forward(a.branch, a.gelu[l], BT, again);
        Residual.forward(a.res3[l], a.res2[l], a.branch, BT * C);
    }

    @Override
    public void backward(float scale) {
        if (batch == null || backwardDone) {
            throw new IllegalStateException("backward() needs a forward() first, and runs once per forward()");
        }
        backwardDone = true;
        int BT = a.B * a.T;
        int C = c.C();
        int L = c.L();
        // dlogits overwrite the logits in place: they are not needed again until the next forward
        float[] dlogits = a.logits;
        CrossEntropy.backward(dlogits, a.logits, a.lse, batch.targets(), batch.lossWeights(),
                weighted == 0 ? 0f : scale / weighted, BT, c.V());
        zero(a.dln);
        lmHead.backward(a.dln, dlogits, a.lnf, BT);
        zero(a.dresA);
        LayerNorm.backward(a.dresA, lnfw.grad(), lnfb.grad(), a.dln, a.res3[L - 1], lnfw.data(), a.lnfMean, a.lnfRstd,
                BT, C);
        for (int l = L - 1; l >= 0; l--) {
            float[] x = l == 0 ? a.x0 : a.res3[l - 1];
            if (memory == ActivationMemory.RECOMPUTE && l < L - 1) {
                // the blocks share their caches: refill them with this block's (bitwise the same values)
                again = true;
                blockForward(l, x);
                again = false;
            }
            // the shared caches hold this block's values already when it was the last forward to fill them
            blockBackward(l, x, memory == ActivationMemory.KEEP && l < L - 1);
        }
        if (wte.grad() != null) {
            Embedding.backward(wte.grad(), wpe.grad(), a.dresA, batch.tokens(), batch.positions(), BT, C);
        }
    }

    /**
     * In: dresA = ∂loss/∂res3[l]. Out: dresA = ∂loss/∂x (this layer's input). refill: recompute the shared
     * caches (gelu, ln2, ln1) first, because another block's forward overwrote them.
     */
    private void blockBackward(int l, float[] x, boolean refill) {
        Gpt2Block w = blocks[l];
        int B = a.B;
        int T = a.T;
        int BT = B * T;
        int C = c.C();
        // res3 = res2 + fcproj(gelu(fc(ln2))): both terms get dres3 as it is (llm.c's residual_backward
        // without the copies): fcproj's backward reads dresA, then the ln2 backward adds into it (dres2)
        zero(a.dgelu, a.dfc, a.dln);
        // gelu, ln2 and ln1 are shared by the blocks: refill them with this block's (bitwise the same) values
        if (refill) {
            Gelu.forward(a.gelu[l], a.fc[l], BT * c.FF());
            LayerNorm.forward(a.ln2[l], a.ln2Mean[l], a.ln2Rstd[l], a.res2[l], w.ln2w.data(), w.ln2b.data(), BT, C,
                    c.normEps());
            LayerNorm.forward(a.ln1[l], a.ln1Mean[l], a.ln1Rstd[l], x, w.ln1w.data(), w.ln1b.data(), BT, C,
                    c.normEps());
        }
        w.fcproj.backward(a.dgelu, a.dresA, a.gelu[l], BT);
        Gelu.backward(a.dfc, a.dgelu, a.fc[l], BT * c.FF());
        w.fc.backward(a.dln, a.dfc, a.ln2[l], BT);
        LayerNorm.backward(a.dresA, w.ln2w.grad(), w.ln2b.grad(), a.dln, a.res2[l], w.ln2w.data(), a.ln2Mean[l],
                a.ln2Rstd[l], BT, C);
        // res2 = x + attproj(attention(split(qkv(ln1)))): likewise, the ln1 backward adds into dresA (dx)
        zero(a.datty, a.dq, a.dk, a.dv, a.dqkv, a.dln);
        w.attproj.backward(a.datty, a.dresA, a.atty[l], BT);
        Attention.backward(a.dq, a.dk, a.dv, a.datty, a.attLse[l], a.q[l], a.k[l], a.v[l], batch.segments(), B, T,
                c.NH(), c.NH(), c.hs());
        QkvSplit.backward(a.dqkv, a.dq, a.dk, a.dv, BT, C);
        w.qkv.backward(a.dln, a.dqkv, a.ln1[l], BT);
        LayerNorm.backward(a.dresA, w.ln1w.grad(), w.ln1b.grad(), a.dln, x, w.ln1w.data(), a.ln1Mean[l], a.ln1Rstd[l],
                BT, C);
    }

    private static void zero(float[]... arrays) {
        for (float[] x : arrays) {
            Arrays.fill(x, 0f);
        }
    }

    @Override
    public void activationMemory(ActivationMemory mode) {
        if (a != null) {
            throw new IllegalStateException("activation memory is fixed by the first forward (" + memory
                    + "); choose " + mode + " before it, on a new model instance");
        }
        memory = mode;
    }

    @Override
    public long activationBytes() {
        return a == null ? 0 : a.bytes;
    }

    @Override
    public ModelConfig config() {
        return c;
    }

    @Override
    public ParameterSet parameters() {
        return params;
    }

    @Override
    public float[] logits() {
        if (a == null || backwardDone) {
            throw new IllegalStateException("logits() are valid after forward() and until backward()");
        }
        return a.logits;
    }

    @Override
    public Map<String, Linear> projections() {
        Map<String, Linear> m = new LinkedHashMap<>();
        for (int l = 0; l < c.L(); l++) {
            String p = "transformer.h." + l + ".";
            m.put(p + "attn.c_attn", blocks[l].qkv);
            m.put(p + "attn.c_proj", blocks[l].attproj);
            m.put(p + "mlp.c_fc", blocks[l].fc);
            m.put(p + "mlp.c_proj", blocks[l].fcproj);
        }
        return m;
    }
}
