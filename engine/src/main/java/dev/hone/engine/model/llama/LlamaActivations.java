package dev.hone.engine.model.llama;

import dev.hone.engine.model.ActivationBuffers;
import dev.hone.engine.model.ActivationMemory;
import dev.hone.engine.model.ModelConfig;

/**
 * Every activation the Llama backward needs, plus gradient scratch, allocated once for one (B, T).
 * Per-block caches are indexed [l]; under {@link ActivationMemory#RECOMPUTE} all blocks share one
 * array per cache except the block outputs res3. In every mode the caches that are one cheap
 * element-wise pass from a kept one (the norm outputs, swi, and q, k before RoPE without q/k norm) are
 * shared: the backward recomputes them, bitwise the same. Names follow the forward in {@link LlamaModel}.
 */
final class LlamaActivations {
    final int B;
    final int T;
    final long bytes;          // all of the arrays below
    final float[] x0;          // (BT, C) embedding output = layer 0 input
    final float[] cos;         // (BT, hs/2)
    final float[] sin;         // (BT, hs/2)
    final float[][] ln1;       // (BT, C) shared by all blocks: the backward recomputes it from x and ln1Rstd's norm
    final float[][] ln1Rstd;   // (BT)
    final float[][] q;         // (BT, NH*hs) projection output: per block only with q/k norm, else scratch
    final float[][] k;         // (BT, KVH*hs) likewise
    final float[][] v;         // (BT, KVH*hs)
    final float[][] qn;        // (BT, NH*hs) after q norm (Qwen3), else null
    final float[][] kn;        // (BT, KVH*hs)
    final float[][] qnRstd;    // (BT*NH)
    final float[][] knRstd;    // (BT*KVH)
    final float[][] qr;        // (BT, NH*hs) after RoPE
    final float[][] kr;        // (BT, KVH*hs)
    final float[][] attLse;    // (B, NH, T) attention log-sum-exp per query row (no (T, T) probabilities kept)
    final float[][] atty;      // (BT, NH*hs) attention output before wo
    final float[][] res2;      // (BT, C) x + attention
    final float[][] ln2;       // (BT, C) shared, recomputed in backward from res2
    final float[][] ln2Rstd;   // (BT)
    final float[][] gate;      // (BT, FF)
    final float[][] up;        // (BT, FF)
    final float[][] swi;       // (BT, FF) shared, recomputed in backward from gate and up
    final float[][] res3;      // (BT, C) layer output, kept per block in every mode
    final float[] lnf;         // (BT, C)
    final float[] lnfRstd;     // (BT)
    final float[] logits;      // (BT, V); the backward overwrites them with dlogits
    final float[] lse;         // (BT) log-sum-exp of each logits row
    final float[] losses;      // (BT)
    // scratch shared by all layers
    final float[] branch;      // (BT, C) wo / w2 output
    final float[] dresA;       // (BT, C) gradient of the residual stream, updated in place block by block
    final float[] dln;         // (BT, C)
    final float[] dq;          // (BT, NH*hs)
    final float[] dk;          // (BT, KVH*hs)
    final float[] dv;          // (BT, KVH*hs)
    final float[] dqn;         // (BT, NH*hs) Qwen3 only
    final float[] dkn;         // (BT, KVH*hs) Qwen3 only
    final float[] dqr;         // (BT, NH*hs)
    final float[] dkr;         // (BT, KVH*hs)
    final float[] datty;       // (BT, NH*hs)
    final float[] dgate;       // (BT, FF)
    final float[] dup;         // (BT, FF)
    final float[] dswi;        // (BT, FF)

    LlamaActivations(ModelConfig c, int B, int T, ActivationMemory mode) {
        this.B = B;
        this.T = T;
        ActivationBuffers m = new ActivationBuffers(mode);
        int BT = B * T;
        int L = c.L();
        int C = c.C();
        int qd = c.NH() * c.hs();
        int kvd = c.KVH() * c.hs();
        x0 = m.floats(BT * C);
        cos = m.floats(BT * c.hs() / 2);
        sin = m.floats(BT * c.hs() / 2);
        ln1 = m.shared(L, BT * C);
        ln1Rstd = m.perBlock(L, BT);
        q = c.qkNorm() ? m.perBlock(L, BT * qd) : m.shared(L, BT * qd);
        k = c.qkNorm() ? m.perBlock(L, BT * kvd) : m.shared(L, BT * kvd);
        v = m.perBlock(L, BT * kvd);
        qn = c.qkNorm() ? m.perBlock(L, BT * qd) : null;
        kn = c.qkNorm() ? m.perBlock(L, BT * kvd) : null;
        qnRstd = c.qkNorm() ? m.perBlock(L, BT * c.NH()) : null;
        knRstd = c.qkNorm() ? m.perBlock(L, BT * c.KVH()) : null;
        qr = m.perBlock(L, BT * qd);
        kr = m.perBlock(L, BT * kvd);
        attLse = m.perBlock(L, B * c.NH() * T);
        atty = m.perBlock(L, BT * qd);
        res2 = m.perBlock(L, BT * C);
        ln2 = m.shared(L, BT * C);
        ln2Rstd = m.perBlock(L, BT);
        gate = m.perBlock(L, BT * c.FF());
        up = m.perBlock(L, BT * c.FF());
        swi = m.shared(L, BT * c.FF());
        res3 = m.kept(L, BT * C);
        lnf = m.floats(BT * C);
        lnfRstd = m.floats(BT);
        logits = m.floats(BT * c.V());
        lse = m.floats(BT);
        losses = m.floats(BT);
        branch = m.floats(BT * C);
        dresA = m.floats(BT * C);
        dln = m.floats(BT * C);
        dq = m.floats(BT * qd);
        dk = m.floats(BT * kvd);
        dv = m.floats(BT * kvd);
        dqn = c.qkNorm() ? m.floats(BT * qd) : null;
        dkn = c.qkNorm() ? m.floats(BT * kvd) : null;
        dqr = m.floats(BT * qd);
        dkr = m.floats(BT * kvd);
        datty = m.floats(BT * qd);
        dgate = m.floats(BT * c.FF());
        dup = m.floats(BT * c.FF());
        dswi = m.floats(BT * c.FF());
        bytes = m.bytes();
    }
}
