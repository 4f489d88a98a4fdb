package dev.hone.engine.model.llama;

import dev.hone.engine.model.ModelConfig;

/**
 * Every activation the Llama backward needs, plus gradient scratch, allocated once for one (B, T).
 * Per-layer caches are indexed [l]. Names follow the forward in {@link LlamaModel}.
 */
final class LlamaActivations {
    final int B;
    final int T;
    final float[] x0;          // (BT, C) embedding output = layer 0 input
    final float[] cos;         // (BT, hs/2)
    final float[] sin;         // (BT, hs/2)
    final float[][] ln1;       // (BT, C)
    final float[][] ln1Rstd;   // (BT)
    final float[][] q;         // (BT, NH*hs) projection output
    final float[][] k;         // (BT, KVH*hs)
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
    final float[][] ln2;       // (BT, C)
    final float[][] ln2Rstd;   // (BT)
    final float[][] gate;      // (BT, FF)
    final float[][] up;        // (BT, FF)
    final float[][] swi;       // (BT, FF)
    final float[][] res3;      // (BT, C) layer output
    final float[] lnf;         // (BT, C)
    final float[] lnfRstd;     // (BT)
    final float[] logits;      // (BT, V); the backward overwrites them with dlogits
    final float[] lse;         // (BT) log-sum-exp of each logits row
    final float[] losses;      // (BT)
    // scratch shared by all layers
    final float[] branch;      // (BT, C) wo / w2 output
    final float[] dresA;       // (BT, C)
    final float[] dresB;       // (BT, C)
    final float[] dbranch;     // (BT, C)
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

    LlamaActivations(ModelConfig c, int B, int T) {
        this.B = B;
        this.T = T;
        int BT = B * T;
        int L = c.L();
        int qd = c.NH() * c.hs();
        int kvd = c.KVH() * c.hs();
        x0 = new float[BT * c.C()];
        cos = new float[BT * c.hs() / 2];
        sin = new float[BT * c.hs() / 2];
        ln1 = new float[L][BT * c.C()];
        ln1Rstd = new float[L][BT];
        q = new float[L][BT * qd];
        k = new float[L][BT * kvd];
        v = new float[L][BT * kvd];
        qn = c.qkNorm() ? new float[L][BT * qd] : null;
        kn = c.qkNorm() ? new float[L][BT * kvd] : null;
        qnRstd = c.qkNorm() ? new float[L][BT * c.NH()] : null;
        knRstd = c.qkNorm() ? new float[L][BT * c.KVH()] : null;
        qr = new float[L][BT * qd];
        kr = new float[L][BT * kvd];
        attLse = new float[L][B * c.NH() * T];
        atty = new float[L][BT * qd];
        res2 = new float[L][BT * c.C()];
        ln2 = new float[L][BT * c.C()];
        ln2Rstd = new float[L][BT];
        gate = new float[L][BT * c.FF()];
        up = new float[L][BT * c.FF()];
        swi = new float[L][BT * c.FF()];
        res3 = new float[L][BT * c.C()];
        lnf = new float[BT * c.C()];
        lnfRstd = new float[BT];
        logits = new float[BT * c.V()];
        lse = new float[BT];
        losses = new float[BT];
        branch = new float[BT * c.C()];
        dresA = new float[BT * c.C()];
        dresB = new float[BT * c.C()];
        dbranch = new float[BT * c.C()];
        dln = new float[BT * c.C()];
        dq = new float[BT * qd];
        dk = new float[BT * kvd];
        dv = new float[BT * kvd];
        dqn = c.qkNorm() ? new float[BT * qd] : null;
        dkn = c.qkNorm() ? new float[BT * kvd] : null;
        dqr = new float[BT * qd];
        dkr = new float[BT * kvd];
        datty = new float[BT * qd];
        dgate = new float[BT * c.FF()];
        dup = new float[BT * c.FF()];
        dswi = new float[BT * c.FF()];
    }
}
