package dev.hone.engine.model.gpt2;

import dev.hone.engine.model.ActivationBuffers;
import dev.hone.engine.model.ActivationMemory;
import dev.hone.engine.model.ModelConfig;

/**
 * Every activation the GPT-2 backward needs, plus gradient scratch, allocated once for one (B, T).
 * Under {@link ActivationMemory#RECOMPUTE} all blocks share one array per cache except the block
 * outputs res3. In every mode the norm outputs and gelu, one cheap element-wise pass from a kept cache,
 * are shared: the backward recomputes them, bitwise the same.
 */
final class Gpt2Activations {
    final int B;
    final int T;
    final long bytes;          // all of the arrays below
    final float[] x0;          // (BT, C) token + position embedding
    final float[][] ln1;       // (BT, C) shared by all blocks: the backward recomputes it from x, mean, rstd
    final float[][] ln1Mean;   // (BT)
    final float[][] ln1Rstd;   // (BT)
    final float[][] q;         // (BT, C) split from c_attn output
    final float[][] k;         // (BT, C)
    final float[][] v;         // (BT, C)
    final float[][] attLse;    // (B, NH, T) attention log-sum-exp per query row (no (T, T) probabilities kept)
    final float[][] atty;      // (BT, C)
    final float[][] res2;      // (BT, C)
    final float[][] ln2;       // (BT, C) shared, recomputed in backward from res2
    final float[][] ln2Mean;   // (BT)
    final float[][] ln2Rstd;   // (BT)
    final float[][] fc;        // (BT, FF)
    final float[][] gelu;      // (BT, FF) shared, recomputed in backward from fc
    final float[][] res3;      // (BT, C) layer output, kept per block in every mode
    final float[] lnf;         // (BT, C)
    final float[] lnfMean;     // (BT)
    final float[] lnfRstd;     // (BT)
    final float[] logits;      // (BT, V); the backward overwrites them with dlogits
    final float[] lse;         // (BT) log-sum-exp of each logits row
    final float[] losses;      // (BT)
    // scratch shared by all layers
    final float[] qkv;         // (BT, 3C)
    final float[] branch;      // (BT, C)
    final float[] dresA;       // (BT, C) gradient of the residual stream, updated in place block by block
    final float[] dln;         // (BT, C)
    final float[] dqkv;        // (BT, 3C)
    final float[] dq;          // (BT, C)
    final float[] dk;          // (BT, C)
    final float[] dv;          // (BT, C)
    final float[] datty;       // (BT, C)
    final float[] dfc;         // (BT, FF)
    final float[] dgelu;       // (BT, FF)

    Gpt2Activations(ModelConfig c, int B, int T, ActivationMemory mode) {
        this.B = B;
        this.T = T;
        ActivationBuffers m = new ActivationBuffers(mode);
        int BT = B * T;
        int L = c.L();
        int C = c.C();
        x0 = m.floats(BT * C);
        ln1 = m.shared(L, BT * C);
        ln1Mean = m.perBlock(L, BT);
        ln1Rstd = m.perBlock(L, BT);
        q = m.perBlock(L, BT * C);
        k = m.perBlock(L, BT * C);
        v = m.perBlock(L, BT * C);
        attLse = m.perBlock(L, B * c.NH() * T);
        atty = m.perBlock(L, BT * C);
        res2 = m.perBlock(L, BT * C);
        ln2 = m.shared(L, BT * C);
        ln2Mean = m.perBlock(L, BT);
        ln2Rstd = m.perBlock(L, BT);
        fc = m.perBlock(L, BT * c.FF());
        gelu = m.shared(L, BT * c.FF());
        res3 = m.kept(L, BT * C);
        lnf = m.floats(BT * C);
        lnfMean = m.floats(BT);
        lnfRstd = m.floats(BT);
        logits = m.floats(BT * c.V());
        lse = m.floats(BT);
        losses = m.floats(BT);
        qkv = m.floats(BT * 3 * C);
        branch = m.floats(BT * C);
        dresA = m.floats(BT * C);
        dln = m.floats(BT * C);
        dqkv = m.floats(BT * 3 * C);
        dq = m.floats(BT * C);
        dk = m.floats(BT * C);
        dv = m.floats(BT * C);
        datty = m.floats(BT * C);
        dfc = m.floats(BT * c.FF());
        dgelu = m.floats(BT * c.FF());
        bytes = m.bytes();
    }
}
