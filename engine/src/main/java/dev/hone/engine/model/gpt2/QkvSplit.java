package dev.hone.engine.model.gpt2;

/** Splits GPT-2's fused c_attn output (BT, 3C) = [q | k | v] per row into three (BT, C) tensors. */
final class QkvSplit {
    private QkvSplit() {
    }

    static void forward(float[] q, float[] k, float[] v, float[] qkv, int BT, int C) {
        for (int bt = 0; bt < BT; bt++) {
            System.arraycopy(qkv, bt * 3 * C, q, bt * C, C);
            System.arraycopy(qkv, bt * 3 * C + C, k, bt * C, C);
            System.arraycopy(qkv, bt * 3 * C + 2 * C, v, bt * C, C);
        }
    }

    /** Differentiates the split: dqkv rows += [dq | dk | dv]. */
    static void backward(float[] dqkv, float[] dq, float[] dk, float[] dv, int BT, int C) {
        for (int bt = 0; bt < BT; bt++) {
            for (int i = 0; i < C; i++) {
                dqkv[bt * 3 * C + i] += dq[bt * C + i];
                dqkv[bt * 3 * C + C + i] += dk[bt * C + i];
                dqkv[bt * 3 * C + 2 * C + i] += dv[bt * C + i];
            }
        }
    }
}
