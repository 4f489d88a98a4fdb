package dev.hone.engine.lora;

/**
 * Work arrays shared by all the adapters of one {@link Lora}: only one adapter runs at a time, and none
 * of these outlives its call, so one set sized for the largest adapter serves them all (per-adapter
 * copies would cost more than the model's own activations). Grown on first use, then reused.
 */
final class LoraScratch {
    float[] xd = new float[0];   // (BT, C) dropout(inp)
    float[] dh = new float[0];   // (BT, r)
    float[] dxd = new float[0];  // (BT, C) dh·A before the dropout mask

    /** Makes every array large enough for (BT, C) inputs and rank r. */
    void fit(int BT, int C, int r) {
        if (xd.length < BT * C) {
            xd = new float[BT * C];
            dxd = new float[BT * C];
        }
        if (dh.length < BT * r) {
            dh = new float[BT * r];
        }
    }

    /** Bytes held. */
    long bytes() {
        return 4L * (xd.length + dh.length + dxd.length);
    }
}
