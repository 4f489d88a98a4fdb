package dev.hone.engine.layer;

import dev.hone.engine.kernel.Parallel;

/**
 * Softmax cross-entropy over the vocabulary with a 0/1 loss weight per token; the step loss is the
 * mean over weighted tokens. Also counts correct argmax predictions for mean token accuracy.
 * Reference: llm.c {@code softmax_forward} + {@code crossentropy_forward} / {@code crossentropy_softmax_backward}.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * @param losses  (BT) per-token loss −log p[target] (0 where the weight is 0), overwritten
     * @param probs   (BT, V) softmax cache, overwritten
     * @param logits  (BT, V)
     * @param targets (BT), each in [0, V) where its weight is non-zero
     * @param weights (BT) loss weights, 0 or 1
     * @return Σ weights·losses (the caller divides by Σ weights)
     */
    public static double forward(float[] losses, float[] probs, float[] logits, int[] targets, float[] weights,
                                 int BT, int V) {
        Parallel.forRange(BT, bt -> {
            int o = bt * V;
            float max = Float.NEGATIVE_INFINITY;
            for (int v = 0; v < V; v++) {
                max = Math.max(max, logits[o + v]);
            }
            double sum = 0;
            for (int v = 0; v < V; v++) {
                float e = (float) Math.exp(logits[o + v] - max);
                probs[o + v] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int v = 0; v < V; v++) {
                probs[o + v] *= inv;
            }
            // log-sum-exp form keeps −log p exact even when p underflows
            losses[bt] = weights[bt] == 0f ? 0f : (float) (Math.log(sum) + max - logits[o + targets[bt]]);
        });
        double total = 0;
        for (int bt = 0; bt < BT; bt++) {
            total += weights[bt] * losses[bt];
        }
        return total;
    }

    /** Number of weighted tokens whose argmax logit is the target (ties go to the lowest id). */
    public static int correct(float[] logits, int[] targets, float[] weights, int BT, int V) {
        int n = 0;
        for (int bt = 0; bt < BT; bt++) {
            if (weights[bt] == 0f) {
                continue;
            }
            int best = 0;
            for (int v = 1; v < V; v++) {
                if (logits[bt * V + v] > logits[bt * V + best]) {
                    best = v;
                }
            }
            n += best == targets[bt] ? 1 : 0;
        }
        return n;
    }

    /**
     * Differentiates {@code loss = dloss · Σ w·(−log softmax(logits)[target])}:
     * dlogits (BT, V) = dloss · w · (probs − onehot(target)). Overwrites dlogits, which may be the probs
     * array itself (the model does that to save one (BT, V) buffer).
     *
     * @param dloss the upstream gradient per unit weight, e.g. 1 / Σ weights for a mean
     */
    public static void backward(float[] dlogits, float[] probs, int[] targets, float[] weights, float dloss,
                                int BT, int V) {
        Parallel.forRange(BT, bt -> {
            float d = dloss * weights[bt];
            int o = bt * V;
            for (int v = 0; v < V; v++) {
                dlogits[o + v] = d * (probs[o + v] - (v == targets[bt] ? 1f : 0f));
            }
        });
    }
}
