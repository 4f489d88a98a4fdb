package dev.hone.engine.layer;

import dev.hone.engine.kernel.Parallel;

/**
 * Causal scaled dot-product self-attention with grouped-query heads (query head h reads key/value
 * head h / (NH/KVH), as HF {@code repeat_kv}). A token at t attends to t2 ≤ t only when both carry
 * the same segment id, so packed examples never see each other. Takes q, k, v already projected (and
 * rotated); the projections are {@link Linear}s. Parallel over (b, t, h) rows; the backward gathers
 * dk/dv per (b, t2, kvh) in a second pass, so no two threads write one value and sums keep a fixed
 * order. Reference: llm.c {@code attention_forward} / {@code attention_backward}; HF
 * {@code eager_attention_forward}.
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
        Parallel.forRange(B * T * NH, i -> forwardRow(out, att, q, k, v, segments, i / (T * NH), i / NH % T,
                i % NH, T, NH, KVH, hs));
    }

    private static void forwardRow(float[] out, float[] att, float[] q, float[] k, float[] v, int[] segments,
                                   int b, int t, int h, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int seg = segments[b * T + t];
        int qo = ((b * T + t) * NH + h) * hs;
        int kvh = h / (NH / KVH);
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

    /**
     * Differentiates {@code out = softmax(q·kᵀ·scale + mask) · v}: datt = dout·vᵀ,
     * dpre = att ⊙ (datt − Σ att⊙datt)·scale, dq += dpre·k, dk += dpreᵀ·q, dv += attᵀ·dout.
     *
     * @param dpre (B, NH, T, T) scratch, overwritten with the pre-softmax gradient (times scale)
     */
    public static void backward(float[] dq, float[] dk, float[] dv, float[] dpre, float[] dout, float[] att,
                                float[] q, float[] k, float[] v, int B, int T, int NH, int KVH, int hs) {
        Parallel.forRange(B * T * NH, i -> queryRow(dq, dpre, dout, att, k, v, i / (T * NH), i / NH % T, i % NH,
                T, NH, KVH, hs));
        Parallel.forRange(B * T * KVH, i -> keyRow(dk, dv, dpre, dout, att, q, i / (T * KVH), i / KVH % T, i % KVH,
                T, NH, KVH, hs));
    }

    /** Pass 1, one query row (b, t, h): dpre[row, t2 ≤ t] and dq[b, t, h]. */
    private static void queryRow(float[] dq, float[] dpre, float[] dout, float[] att, float[] k, float[] v,
                                 int b, int t, int h, int T, int NH, int KVH, int hs) {
        float scale = (float) (1.0 / Math.sqrt(hs));
        int qo = ((b * T + t) * NH + h) * hs;
        int kvh = h / (NH / KVH);
        int row = ((b * NH + h) * T + t) * T;
        double sum = 0;
        for (int t2 = 0; t2 <= t; t2++) {
            int vo = ((b * T + t2) * KVH + kvh) * hs;
            float d = 0f;
            for (int i = 0; i < hs; i++) {
                d += dout[qo + i] * v[vo + i];
            }
            dpre[row + t2] = d;
            sum += (double) att[row + t2] * d;
        }
        for (int t2 = 0; t2 <= t; t2++) {
            float g = att[row + t2] * (dpre[row + t2] - (float) sum) * scale;
            dpre[row + t2] = g;
            int ko = ((b * T + t2) * KVH + kvh) * hs;
            for (int i = 0; i < hs; i++) {
                dq[qo + i] += g * k[ko + i];
            }
        }
    }

    /** Pass 2, one key/value row (b, t2, kvh): sums over the query heads of its group and t ≥ t2. */
    private static void keyRow(float[] dk, float[] dv, float[] dpre, float[] dout, float[] att, float[] q,
                               int b, int t2, int kvh, int T, int NH, int KVH, int hs) {
        int group = NH / KVH;
        int ko = ((b * T + t2) * KVH + kvh) * hs;
        for (int h = kvh * group; h < (kvh + 1) * group; h++) {
            for (int t = t2; t < T; t++) {
                int idx = ((b * NH + h) * T + t) * T + t2;
                float g = dpre[idx];
                float p = att[idx];
                if (g == 0f && p == 0f) {
                    continue;
                }
                int qo = ((b * T + t) * NH + h) * hs;
                for (int i = 0; i < hs; i++) {
                    dk[ko + i] += g * q[qo + i];
                    dv[ko + i] += p * dout[qo + i];
                }
            }
        }
    }
}
