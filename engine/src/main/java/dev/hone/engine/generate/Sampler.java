package dev.hone.engine.generate;

import dev.hone.engine.data.Xoshiro256;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Picks the next token of one choice from a row of logits: OpenAI's penalties
 * {@code z[j] = logit[j] − count[j]·frequency_penalty − (count[j] > 0)·presence_penalty} over the
 * tokens this choice generated so far, then greedy (temperature 0) or sampling from
 * {@code softmax(z / temperature)} restricted to the top_p nucleus, with its own Xoshiro256 stream
 * (choice i seeded from seed + i·golden ratio, so choice 0 equals an n = 1 request).
 * Reference: OpenAI "Parameter details" (penalties), Holtzman et al. 2019 (nucleus sampling).
 */
final class Sampler {
    private final GenerationRequest req;
    private final int V;
    private final Xoshiro256 rng;
    private final int[] counts;      // (V) times each token was generated
    private final float[] z;         // (V) penalised logits of the current position
    private final float[] p;         // (V) unnormalised sampling weights
    private final long[] keys;       // (V) probability bits and index, for the top_p sort

    Sampler(GenerationRequest req, int V, int choice) {
        this.req = req;
        this.V = V;
        this.rng = Xoshiro256.seeded(req.seed() + choice * 0x9E3779B97F4A7C15L);
        this.counts = new int[V];
        this.z = new float[V];
        this.p = req.temperature() > 0 ? new float[V] : null;
        this.keys = req.topP() < 1 && req.temperature() > 0 ? new long[V] : null;
    }

    /** Takes logits[off .. off+V) of the next position and applies the penalties. */
    void prepare(float[] logits, int off) {
        float fp = (float) req.frequencyPenalty();
        float pp = (float) req.presencePenalty();
        for (int j = 0; j < V; j++) {
            int n = counts[j];
            z[j] = n == 0 ? logits[off + j] : logits[off + j] - n * fp - pp;
        }
    }

    /** The logprob entry of {@code token} under the prepared distribution. */
    TokenLogprob logprob(int token) {
        return logprobOf(z, 0, V, token, req.topLogprobs());
    }

    /** Picks a token from the prepared distribution and counts it for the penalties. */
    int choose() {
        int token = req.temperature() == 0 ? argmax(z, 0, V) : sample();
        counts[token]++;
        return token;
    }

    private int sample() {
        float max = z[argmax(z, 0, V)];
        float invT = (float) (1.0 / req.temperature());
        double total = 0;
        for (int j = 0; j < V; j++) {
            p[j] = (float) Math.exp((z[j] - max) * invT);
            total += p[j];
        }
        if (keys == null) {
            return pick(total);
        }
        for (int j = 0; j < V; j++) {
            keys[j] = ((long) Float.floatToIntBits(p[j]) << 32) | (V - 1 - j);
        }
        Arrays.sort(keys);  // ascending: most likely last, ties by lower id
        double target = req.topP() * total;
        double kept = 0;
        int first = V - 1;
        for (; first >= 0; first--) {
            kept += Float.intBitsToFloat((int) (keys[first] >>> 32));
            if (kept >= target) {
                break;
            }
        }
        double u = uniform() * kept;
        double acc = 0;
        for (int i = V - 1; i > first; i--) {
            acc += Float.intBitsToFloat((int) (keys[i] >>> 32));
            if (u < acc) {
                return V - 1 - (int) (keys[i] & 0xFFFFFFFFL);
            }
        }
        return V - 1 - (int) (keys[Math.max(first, 0)] & 0xFFFFFFFFL);
    }

    private int pick(double total) {
        double u = uniform() * total;
        double acc = 0;
        int last = 0;
        for (int j = 0; j < V; j++) {
            if (p[j] > 0) {
                acc += p[j];
                last = j;
                if (u < acc) {
                    return j;
                }
            }
        }
        return last;
    }

    private double uniform() {
        return (rng.nextLong() >>> 11) * 0x1.0p-53;
    }

    static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * log_softmax(x)[token] over x[off .. off+V) and the {@code top} largest entries (ties: lower id first).
     */
    static TokenLogprob logprobOf(float[] x, int off, int V, int token, int top) {
        float max = x[off + argmax(x, off, V)];
        double sum = 0;
        for (int j = 0; j < V; j++) {
            sum += Math.exp(x[off + j] - max);
        }
        float lse = (float) (max + Math.log(sum));
        int k = Math.min(top, V);
        int[] best = new int[k];
        int filled = 0;
        for (int j = 0; j < V; j++) {
            float xj = x[off + j];
            if (filled == k && (k == 0 || xj <= x[off + best[k - 1]])) {
                continue;
            }
            int i = filled < k ? filled++ : k - 1;
            while (i > 0 && x[off + best[i - 1]] < xj) {
                best[i] = best[i - 1];
                i--;
            }
            best[i] = j;
        }
        List<TopLogprob> tops = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            tops.add(new TopLogprob(best[i], x[off + best[i]] - lse));
        }
        return new TokenLogprob(token, x[off + token] - lse, tops);
    }
}
