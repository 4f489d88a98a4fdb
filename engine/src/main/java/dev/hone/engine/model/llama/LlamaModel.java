package dev.hone.engine.model.llama;

import dev.hone.engine.kernel.HeldInputs;
import dev.hone.engine.kernel.Matmul;
import dev.hone.engine.layer.Attention;
import dev.hone.engine.layer.CrossEntropy;
import dev.hone.engine.layer.Embedding;
import dev.hone.engine.layer.Linear;
import dev.hone.engine.layer.Residual;
import dev.hone.engine.layer.RmsNorm;
import dev.hone.engine.layer.Rope;
import dev.hone.engine.layer.SwiGlu;
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
 * The Llama family (Llama 2/3, Mistral, Qwen2/3, SmolLM, TinyLlama) as explicit forward and backward
 * passes: embedding → L × [RMSNorm → q,k,v (+q/k norm) → RoPE → GQA attention → o → residual →
 * RMSNorm → SwiGLU MLP → residual] → RMSNorm → LM head → cross-entropy. Backward is the same list of
 * calls reversed; under {@link ActivationMemory#RECOMPUTE} each block's forward runs again just before
 * its backward, from the block input kept per block. Not an inference engine (no KV cache).
 * Reference: llm.c {@code gpt2_forward} /
 * {@code gpt2_backward}; HF {@code modeling_llama.py}.
 */
public final class LlamaModel implements CausalLm {
    private final ModelConfig c;
    private final ParameterSet params = new ParameterSet();
    private final Parameter embed;   // (V, C)
    private final LlamaBlock[] blocks;
    private final Parameter norm;    // (C)
    private final Linear lmHead;     // (V, C): lm_head, or embed when tied
    private final float[] invFreq;   // (hs/2)
    private LlamaActivations a;
    private Batch batch;
    private int weighted;
    private boolean backwardDone;
    private ActivationMemory memory = ActivationMemory.fromSystemProperty();
    private boolean again;

    /**
     * A zero-initialised model; fill it with {@link LlamaWeights#load} or by writing the parameter arrays.
     *
     * @param base TRAINABLE keeps a grad per base parameter (full fine-tuning); FROZEN for LoRA/inference
     */
    public LlamaModel(ModelConfig config, BaseWeights base) {
        if (config.family() != ModelConfig.Family.LLAMA) {
            throw new IllegalArgumentException("LlamaModel needs a Llama-family config; found " + config.architecture());
        }
        this.c = config;
        boolean trainable = base.trainable();
        embed = base.bf16Linears() ? params.allocateBf16("embed", c.V(), c.C())
                : params.allocate("embed", trainable, c.V(), c.C());
        blocks = new LlamaBlock[c.L()];
        for (int l = 0; l < c.L(); l++) {
            blocks[l] = new LlamaBlock(params, c, l, base);
        }
        norm = params.allocate("norm", trainable, c.C());
        lmHead = c.tieEmbeddings() ? Projections.of(embed, null, c.C(), c.V())
                : Projections.allocate(params, "lm_head", null, base, c.C(), c.V());
        invFreq = Rope.inverseFrequencies(c.hs(), c.ropeTheta(), c.ropeScaling());
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
            a = new LlamaActivations(c, B, T, memory);
        } else if (a.B != B || a.T != T) {
            throw new IllegalArgumentException("activations were sized for (B, T) = (" + a.B + ", " + a.T
                    + ") by the first forward; found (" + B + ", " + T + "). Use one batch shape per model instance");
        }
        if (embed.bf16() != null) {
            Embedding.forward(a.x0, batch.tokens(), null, embed.bf16(), null, BT, c.C());
        } else {
            Embedding.forward(a.x0, batch.tokens(), null, embed.data(), null, BT, c.C());
        }
        Rope.tables(a.cos, a.sin, batch.positions(), invFreq, BT, c.hs());
        for (int l = 0; l < c.L(); l++) {
            blockForward(l, l == 0 ? a.x0 : a.res3[l - 1]);
        }
        RmsNorm.forward(a.lnf, a.lnfRstd, a.res3[c.L() - 1], norm.data(), BT, c.C(), c.normEps());
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
        LlamaBlock w = blocks[l];
        int B = a.B;
        int T = a.T;
        int BT = B * T;
        int C = c.C();
        RmsNorm.forward(a.ln1[l], a.ln1Rstd[l], x, w.attnNorm.data(), BT, C, c.normEps());
        try (HeldInputs held = Matmul.hold(a.ln1[l])) {
            w.wq.forward(a.q[l], a.ln1[l], BT, again);
            w.wk.forward(a.k[l], a.ln1[l], BT, again);
            w.wv.forward(a.v[l], a.ln1[l], BT, again);
        }
        float[] q = a.q[l];
        float[] k = a.k[l];
        if (c.qkNorm()) {
            RmsNorm.forward(a.qn[l], a.qnRstd[l], a.q[l], w.qNorm.data(), BT * c.NH(), c.hs(), c.normEps());
            RmsNorm.forward(a.kn[l], a.knRstd[l], a.k[l], w.kNorm.data(), BT * c.KVH(), c.hs(), c.normEps());
            q = a.qn[l];
            k = a.kn[l];
        }
        Rope.forward(a.qr[l], q, a.cos, a.sin, BT, c.NH(), c.hs());
        Rope.forward(a.kr[l], k, a.cos, a.sin, BT, c.KVH(), c.hs());
        Attention.forward(a.atty[l], a.attLse[l], a.qr[l], a.kr[l], a.v[l], batch.segments(), B, T, c.NH(), c.KVH(), c.hs());
        w.wo.forward(a.branch, a.atty[l], BT, again);
        RmsNorm.forwardResidual(a.res2[l], a.ln2[l], a.ln2Rstd[l], x, a.branch, w.mlpNorm.data(), BT, C, c.normEps());
        try (HeldInputs held = Matmul.hold(a.ln2[l])) {
            w.w1.forward(a.gate[l], a.ln2[l], BT, again);
            w.w3.forward(a.up[l], a.ln2[l], BT, again);
        }
        SwiGlu.forward(a.swi[l], a.gate[l], a.up[l], BT * c.FF());
        w.w2.forward(a.branch, a.swi[l], BT, again);
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
        RmsNorm.backward(a.dresA, norm.grad(), a.dln, a.res3[L - 1], norm.data(), a.lnfRstd, BT, C);
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
        if (embed.grad() != null) {
            Embedding.backward(embed.grad(), null, a.dresA, batch.tokens(), null, BT, C);
        }
    }

    /**
     * In: dresA = ∂loss/∂res3[l]. Out: dresA = ∂loss/∂x (this layer's input). refill: recompute the shared
     * caches (swi, ln2, ln1) first, because another block's forward overwrote them.
     */
    private void blockBackward(int l, float[] x, boolean refill) {
        LlamaBlock w = blocks[l];
        int B = a.B;
        int T = a.T;
        int BT = B * T;
        int C = c.C();
        // res3 = res2 + w2(swi): both terms get dres3 as it is (llm.c's residual_backward without the
        // copies): w2's backward reads dresA, then the ln2 backward adds into it, making it dres2
        zero(a.dswi, a.dln);  // dgate and dup are overwritten by the SwiGLU backward
        // swi, ln2 and ln1 are shared by the blocks: refill them with this block's (bitwise the same) values
        if (refill) {
            SwiGlu.forward(a.swi[l], a.gate[l], a.up[l], BT * c.FF());
            RmsNorm.forward(a.ln2[l], a.ln2Rstd[l], a.res2[l], w.mlpNorm.data(), BT, C, c.normEps());
            RmsNorm.forward(a.ln1[l], a.ln1Rstd[l], x, w.attnNorm.data(), BT, C, c.normEps());
        }
        w.w2.backward(a.dswi, a.dresA, a.swi[l], BT);
        SwiGlu.backward(a.dgate, a.dup, a.dswi, a.gate[l], a.up[l], BT * c.FF());
        try (HeldInputs held = Matmul.hold(a.ln2[l])) {
            w.w1.backward(a.dln, a.dgate, a.ln2[l], BT);
            w.w3.backward(a.dln, a.dup, a.ln2[l], BT);
        }
        RmsNorm.backward(a.dresA, w.mlpNorm.grad(), a.dln, a.res2[l], w.mlpNorm.data(), a.ln2Rstd[l], BT, C);
        // res2 = x + wo(atty): likewise, the ln1 backward below adds into dresA, making it dx
        zero(a.datty, a.dqr, a.dkr, a.dv);
        w.wo.backward(a.datty, a.dresA, a.atty[l], BT);
        Attention.backward(a.dqr, a.dkr, a.dv, a.datty, a.attLse[l], a.qr[l], a.kr[l], a.v[l], batch.segments(),
                B, T, c.NH(), c.KVH(), c.hs());
        if (c.qkNorm()) {
            zero(a.dq, a.dk);  // the q/k norm backwards add into them; Rope's backward overwrites
            Rope.backward(a.dqn, a.dqr, a.cos, a.sin, BT, c.NH(), c.hs());
            Rope.backward(a.dkn, a.dkr, a.cos, a.sin, BT, c.KVH(), c.hs());
            RmsNorm.backward(a.dq, w.qNorm.grad(), a.dqn, a.q[l], w.qNorm.data(), a.qnRstd[l], BT * c.NH(), c.hs());
            RmsNorm.backward(a.dk, w.kNorm.grad(), a.dkn, a.k[l], w.kNorm.data(), a.knRstd[l], BT * c.KVH(), c.hs());
        } else {
            Rope.backward(a.dq, a.dqr, a.cos, a.sin, BT, c.NH(), c.hs());
            Rope.backward(a.dk, a.dkr, a.cos, a.sin, BT, c.KVH(), c.hs());
        }
        zero(a.dln);
        try (HeldInputs held = Matmul.hold(a.ln1[l])) {
            w.wq.backward(a.dln, a.dq, a.ln1[l], BT);
            w.wk.backward(a.dln, a.dk, a.ln1[l], BT);
            w.wv.backward(a.dln, a.dv, a.ln1[l], BT);
        }
        RmsNorm.backward(a.dresA, w.attnNorm.grad(), a.dln, x, w.attnNorm.data(), a.ln1Rstd[l], BT, C);
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
            LlamaBlock w = blocks[l];
            String p = "model.layers." + l + ".";
            m.put(p + "self_attn.q_proj", w.wq);
            m.put(p + "self_attn.k_proj", w.wk);
            m.put(p + "self_attn.v_proj", w.wv);
            m.put(p + "self_attn.o_proj", w.wo);
            m.put(p + "mlp.gate_proj", w.w1);
            m.put(p + "mlp.up_proj", w.w3);
            m.put(p + "mlp.down_proj", w.w2);
        }
        return m;
    }
}
