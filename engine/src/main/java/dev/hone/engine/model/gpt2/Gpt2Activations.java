package dev.hone.engine.model.gpt2;

import dev.hone.engine.model.ModelConfig;

/** Every activation the GPT-2 backward needs, plus gradient scratch, allocated once for one (B, T). */
final class Gpt2Activations {
    final int B;
    final int T;
    final float[] x0;          // (BT, C) token + position embedding
    final float[][] ln1;       // (BT, C)
    final float[][] ln1Mean;   // (BT)
    final float[][] ln1Rstd;   // (BT)
    final float[][] q;         // (BT, C) split from c_attn output
    final float[][] k;         // (BT, C)
    final float[][] v;         // (BT, C)
    final float[][] attLse;    // (B, NH, T) attention log-sum-exp per query row (no (T, T) probabilities kept)
    final float[][] atty;      // (BT, C)
    final float[][] res2;      // (BT, C)
    final float[][] ln2;       // (BT, C)
    final float[][] ln2Mean;   // (BT)
    final float[][] ln2Rstd;   // (BT)
    final float[][] fc;        // (BT, FF)
    final float[][] gelu;      // (BT, FF)
    final float[][] res3;      // (BT, C)
    final float[] lnf;         // (BT, C)
    final float[] lnfMean;     // (BT)
    final float[] lnfRstd;     // (BT)
    final float[] logits;      // (BT, V); the backward overwrites them with dlogits
    final float[] lse;         // (BT) log-sum-exp of each logits row
    final float[] losses;      // (BT)
    // scratch shared by all layers
    final float[] qkv;         // (BT, 3C)
    final float[] branch;      // (BT, C)
    final float[] dresA;       // (BT, C)
    final float[] dresB;       // (BT, C)
    final float[] dbranch;     // (BT, C)
    final float[] dln;         // (BT, C)
    final float[] dqkv;        // (BT, 3C)
    final float[] dq;          // (BT, C)
    final float[] dk;          // (BT, C)
    final float[] dv;          // (BT, C)
    final float[] datty;       // (BT, C)
    final float[] dfc;         // (BT, FF)
    final float[] dgelu;       // (BT, FF)

    Gpt2Activations(ModelConfig c, int B, int T) {
        this.B = B;
        this.T = T;
        int BT = B * T;
        int L = c.L();
        int C = c.C();
        x0 = new float[BT * C];
        ln1 = new float[L][BT * C];
        ln1Mean = new float[L][BT];
        ln1Rstd = new float[L][BT];
        q = new float[L][BT * C];
        k = new float[L][BT * C];
        v = new float[L][BT * C];
        attLse = new float[L][B * c.NH() * T];
        atty = new float[L][BT * C];
        res2 = new float[L][BT * C];
        ln2 = new float[L][BT * C];
        ln2Mean = new float[L][BT];
        ln2Rstd = new float[L][BT];
        fc = new float[L][BT * c.FF()];
        gelu = new float[L][BT * c.FF()];
        res3 = new float[L][BT * C];
        lnf = new float[BT * C];
        lnfMean = new float[BT];
        lnfRstd = new float[BT];
        logits = new float[BT * c.V()];
        lse = new float[BT];
        losses = new float[BT];
        qkv = new float[BT * 3 * C];
        branch = new float[BT * C];
        dresA = new float[BT * C];
        dresB = new float[BT * C];
        dbranch = new float[BT * C];
        dln = new float[BT * C];
        dqkv = new float[BT * 3 * C];
        dq = new float[BT * C];
        dk = new float[BT * C];
        dv = new float[BT * C];
        datty = new float[BT * C];
        dfc = new float[BT * c.FF()];
        dgelu = new float[BT * c.FF()];
    }
}
