package dev.hone.engine.layer;

import dev.hone.engine.kernel.Parallel;

/**
 * Rotary position embedding with Hugging Face's {@code rotate_half} pairing: element i of a head is
 * rotated with element i + hs/2 (not the interleaved (2i, 2i+1) pairing of GGUF files).
 * out = x·cos + rotate_half(x)·sin, rotate_half(x) = cat(−x[hs/2:], x[:hs/2]).
 * Angles come from each token's own position, so packed examples restart at 0.
 * Reference: HF {@code apply_rotary_pos_emb} in {@code modeling_llama.py}.
 */
public final class Rope {
    private Rope() {
    }

    /**
     * inv_freq[i] = 1 / theta^(2i/hs), i < hs/2, optionally rescaled Llama-3 style.
     *
     * @param scaling null for plain RoPE
     * @return (hs/2)
     */
    public static float[] inverseFrequencies(int hs, double theta, RopeScaling scaling) {
        float[] inv = new float[hs / 2];
        for (int i = 0; i < hs / 2; i++) {
            double f = 1.0 / Math.pow(theta, (2.0 * i) / hs);
            inv[i] = (float) (scaling == null ? f : scaling.apply(f));
        }
        return inv;
    }

    /**
     * Fills the per-token rotation tables shared by all layers of one forward.
     *
     * @param cos       (BT, hs/2), overwritten
     * @param sin       (BT, hs/2), overwritten
     * @param positions (BT)
     * @param invFreq   (hs/2)
     */
    public static void tables(float[] cos, float[] sin, int[] positions, float[] invFreq, int BT, int hs) {
        int half = hs / 2;
        for (int bt = 0; bt < BT; bt++) {
            for (int i = 0; i < half; i++) {
                float angle = positions[bt] * invFreq[i];
                cos[bt * half + i] = (float) Math.cos(angle);
                sin[bt * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /**
     * @param out (BT, NH, hs), overwritten; must not alias inp
     * @param inp (BT, NH, hs)
     * @param cos (BT, hs/2) from {@link #tables}
     * @param sin (BT, hs/2)
     */
    public static void forward(float[] out, float[] inp, float[] cos, float[] sin, int BT, int NH, int hs) {
        int half = hs / 2;
        Parallel.forRange(BT, bt -> {
            for (int h = 0; h < NH; h++) {
                int o = (bt * NH + h) * hs;
                for (int i = 0; i < half; i++) {
                    float c = cos[bt * half + i];
                    float s = sin[bt * half + i];
                    float x1 = inp[o + i];
                    float x2 = inp[o + i + half];
                    out[o + i] = x1 * c - x2 * s;
                    out[o + i + half] = x2 * c + x1 * s;
                }
            }
        });
    }

    /**
     * Differentiates {@code out[i] = x1·c − x2·s; out[i+half] = x2·c + x1·s} (a rotation, so the
     * backward is its transpose): dinp[i] = dout[i]·c + dout[i+half]·s, dinp[i+half] = dout[i+half]·c − dout[i]·s,
     * overwritten (no zeroing needed first).
     */
    public static void backward(float[] dinp, float[] dout, float[] cos, float[] sin, int BT, int NH, int hs) {
        int half = hs / 2;
        Parallel.forRange(BT, bt -> {
            for (int h = 0; h < NH; h++) {
                int o = (bt * NH + h) * hs;
                for (int i = 0; i < half; i++) {
                    float c = cos[bt * half + i];
                    float s = sin[bt * half + i];
                    float d1 = dout[o + i];
                    float d2 = dout[o + i + half];
                    dinp[o + i] = d1 * c + d2 * s;
                    dinp[o + i + half] = d2 * c - d1 * s;
                }
            }
        });
    }
}
