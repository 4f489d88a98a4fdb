package dev.hone.engine.generate;

import dev.hone.engine.model.ModelConfig;

/**
 * Scratch activations for a forward of up to R tokens at once (a prefill chunk or one decode token),
 * allocated once per sequence and reused for every chunk. R rows × each width; the attention scores
 * row of each (token, head) spans the sequence's whole capacity.
 */
final class Workspace {
    final int R;
    final int[] tok;       // (R)
    final int[] pos;       // (R)
    final float[] x;       // (R, C) residual stream
    final float[] xn;      // (R, C) normed input of a sublayer
    final float[] br;      // (R, C) branch output
    final float[] q;       // (R, NH*hs)
    final float[] k;       // (R, KVH*hs)
    final float[] v;       // (R, KVH*hs)
    final float[] qr;      // (R, NH*hs) after q-norm / RoPE
    final float[] kr;      // (R, KVH*hs)
    final float[] qkv;     // (R, 3C) GPT-2 fused c_attn output, else empty
    final float[] atty;    // (R, NH*hs)
    final float[] gate;    // (R, FF)
    final float[] up;      // (R, FF)
    final float[] act;     // (R, FF)
    final float[] mean;    // (R*NH)
    final float[] rstd;    // (R*NH)
    final float[] cos;     // (R, hs/2)
    final float[] sin;     // (R, hs/2)
    final float[] scores;  // (R*NH, capacity)
    final float[] last;    // (C) one row for the LM head
    final float[] logits;  // (R, V) when every row's logits are wanted, else (V)
    float[] loraH;         // (R, r) grown to the largest adapter rank

    Workspace(ModelConfig c, int R, int capacity, boolean allRows) {
        this.R = R;
        int qd = c.NH() * c.hs();
        int kvd = c.KVH() * c.hs();
        tok = new int[R];
        pos = new int[R];
        x = new float[R * c.C()];
        xn = new float[R * c.C()];
        br = new float[R * c.C()];
        q = new float[R * qd];
        k = new float[R * kvd];
        v = new float[R * kvd];
        qr = new float[R * qd];
        kr = new float[R * kvd];
        qkv = new float[c.family() == ModelConfig.Family.GPT2 ? R * 3 * c.C() : 0];
        atty = new float[R * qd];
        gate = new float[R * c.FF()];
        up = new float[R * c.FF()];
        act = new float[R * c.FF()];
        mean = new float[R * c.NH()];
        rstd = new float[R * c.NH()];
        cos = new float[R * c.hs() / 2];
        sin = new float[R * c.hs() / 2];
        scores = new float[R * c.NH() * capacity];
        last = new float[c.C()];
        logits = new float[(allRows ? R : 1) * c.V()];
        loraH = new float[0];
    }

    boolean fits(int rows, boolean allRows, int V) {
        return rows <= R && logits.length >= (allRows ? R : 1) * V;
    }
}
