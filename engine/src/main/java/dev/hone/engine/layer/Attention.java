package dev.hone.engine.layer;

/**
 * Causal scaled dot-product self-attention with grouped-query heads (query head h reads key/value
 * head h / (NH/KVH), as HF {@code repeat_kv}). A token at t attends to t2 ≤ t only when both carry
 * the same segment id, so packed examples never see each other. Takes q, k, v already projected (and
 * rotated); the projections are {@link Linear}s. Reference: llm.c {@code attention_forward} /
 * {@code attention_backward}; HF {@code eager_attention_forward}.
 */
public final class Attention {
    private Attention() {
    }

    /**
     * @param out      (B, T, NH, hs), overwritten
     * @param att      (B, NH, T, T) cache of softmax probabilities, overwritten (0 where masked)
     * @param q        (B, T, NH, hs)
     * @param k        (B, T, KVH, hs)
     * @param v        (B, T, KVH, hs)
     * @param segments (B, T) segment id per token
     */
    public static void forward(float[] out, float[] att, float[] q, float[] k, float[] v, int[] segments,
                               int B, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int seg = segments[b * T + t];
                for (int h = 0; h < NH; h++) {
                    int qo = ((b * T + t) * NH + h) * hs;
                    int kvh = h / group;
                    int row = ((b * NH + h) * T + t) * T;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int t2 = 0; t2 <= t; t2++) {
                        if (segments[b * T + t2] != seg) {
                            continue;
                        }
                        int ko = ((b * T + t2) * KVH + kvh) * hs;
                        float dot = 0f;
                        for (int i = 0; i < hs; i++) {
                            dot += q[qo + i] * k[ko + i];
                        }
                        att[row + t2] = dot * scale;
                        max = Math.max(max, dot * scale);
                    }
                    double sum = 0;
                    for (int t2 = 0; t2 < T; t2++) {
                        boolean visible = t2 <= t && segments[b * T + t2] == seg;
                        float e = visible ? (float) Math.exp(att[row + t2] - max) : 0f;
                        att[row + t2] = e;
                        sum += e;
                    }
                    float inv = (float) (1.0 / sum);
                    for (int i = 0; i < hs; i++) {
                        out[qo + i] = 0f;
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        float p = att[row + t2] * inv;
                        att[row + t2] = p;
                        int vo = ((b * T + t2) * KVH + kvh) * hs;
                        for (int i = 0; i < hs; i++) {
                            out[qo + i] += p * v[vo + i];
                        }
                    }
                }
            }
        }
    }

    /**
     * Differentiates {@code out = softmax(q·kᵀ·scale + mask) · v}: dv += attᵀ·dout,
     * datt = dout·vᵀ, dpre = att ⊙ (datt − Σ att⊙datt), dq += dpre·k·scale, dk += dpreᵀ·q·scale.
     *
     * @param datt (B, NH, T, T) scratch, overwritten
     */
    public static void backward(float[] dq, float[] dk, float[] dv, float[] datt, float[] dout, float[] att,
                                float[] q, float[] k, float[] v, int B, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < NH; h++) {
                    int qo = ((b * T + t) * NH + h) * hs;
                    int kvh = h / group;
                    int row = ((b * NH + h) * T + t) * T;
                    double sum = 0;
                    for (int t2 = 0; t2 <= t; t2++) {
                        int vo = ((b * T + t2) * KVH + kvh) * hs;
                        float p = att[row + t2];
                        float d = 0f;
                        for (int i = 0; i < hs; i++) {
                            d += dout[qo + i] * v[vo + i];
                            dv[vo + i] += p * dout[qo + i];
                        }
                        datt[row + t2] = d;
                        sum += (double) p * d;
                    }
                    for (int t2 = 0; t2 <= t; t2++) {
                        float dpre = att[row + t2] * (datt[row + t2] - (float) sum) * scale;
                        int ko = ((b * T + t2) * KVH + kvh) * hs;
                        for (int i = 0; i < hs; i++) {
                            dq[qo + i] += dpre * k[ko + i];
                            dk[ko + i] += dpre * q[qo + i];
                        }
                    }
                }
            }
        }
    }
}
