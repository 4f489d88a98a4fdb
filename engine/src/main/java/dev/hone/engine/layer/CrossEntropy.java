package dev.hone.engine.layer;

import dev.hone.engine.kernel.FastExp;
import dev.hone.engine.kernel.Parallel;
import dev.hone.engine.kernel.VectorOps;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Softmax cross-entropy over the vocabulary with a 0/1 loss weight per token; the step loss is the
 * mean over weighted tokens. Also counts correct argmax predictions for mean token accuracy.
 * Keeps only the per-row log-sum-exp, not a (BT, V) probability cache: the backward recomputes the
 * softmax from the logits and may write dlogits over them. exp is {@link FastExp} on the Vector API
 * ({@link VectorOps}), each row's sum per lane. Reference: llm.c {@code softmax_forward} +
 * {@code crossentropy_forward} / {@code crossentropy_softmax_backward}.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * What a forward sums over the batch.
     *
     * @param loss    Σ weights·losses (the caller divides by Σ weights)
     * @param correct the number of weighted tokens whose argmax logit is the target (ties go to the lowest id)
     */
    public record Totals(double loss, int correct) {
    }

    /**
     * @param losses  (BT) per-token loss −log softmax(logits)[target] (0 where the weight is 0), overwritten
     * @param lse     (BT) cache of log Σ_v exp(logits[v]), overwritten
     * @param logits  (BT, V)
     * @param targets (BT), each in [0, V) where its weight is non-zero
     * @param weights (BT) loss weights, 0 or 1
     */
    public static Totals forward(float[] losses, float[] lse, float[] logits, int[] targets, float[] weights,
                                 int BT, int V) {
        AtomicInteger hits = new AtomicInteger();
        Parallel.forChunks(BT, (start, end) -> {
            int n = 0;
            for (int bt = start; bt < end; bt++) {
                int o = bt * V;
                float max = VectorOps.max(logits, o, V);
                double logSum = Math.log(VectorOps.sumExp(logits, o, V, max));
                lse[bt] = (float) (max + logSum);
                if (weights[bt] == 0f) {
                    losses[bt] = 0f;
                    continue;
                }
                // log-sum-exp form keeps −log p exact even when p underflows
                losses[bt] = (float) (logSum + max - logits[o + targets[bt]]);
                if (isArgmax(logits, o, targets[bt], max, V)) {
                    n++;
                }
            }
            hits.addAndGet(n);
        });
        double total = 0;
        for (int bt = 0; bt < BT; bt++) {
            total += weights[bt] * losses[bt];
        }
        return new Totals(total, hits.get());
    }

    /**
     * Whether logits[o + t] is the row's first largest logit, given the row's max: it equals the max and
     * nothing before it does, which costs a pass over the row only where it is the max.
     */
    private static boolean isArgmax(float[] logits, int o, int t, float max, int V) {
        if (Float.isNaN(max)) {
            return VectorOps.argmax(logits, o, V) == t;  // NaN equals nothing: argmax's own rule
        }
        return logits[o + t] == max && (t == 0 || VectorOps.max(logits, o, t) < max);
    }

    /**
     * Differentiates {@code loss = dloss · Σ w·(−log softmax(logits)[target])}:
     * dlogits (BT, V) = dloss · w · (exp(logits − lse) − onehot(target)). Overwrites dlogits, which may
     * be the logits array itself (the models do that to save a (BT, V) buffer).
     *
     * @param dloss the upstream gradient per unit weight, e.g. 1 / Σ weights for a mean
     */
    public static void backward(float[] dlogits, float[] logits, float[] lse, int[] targets, float[] weights,
                                float dloss, int BT, int V) {
        Parallel.forRange(BT, bt -> {
            float d = dloss * weights[bt];
            int o = bt * V;
            int t = targets[bt];
            // read before the row is overwritten: dlogits may be logits
            float target = d == 0f ? 0f : logits[o + t];
            VectorOps.scaledExp(dlogits, o, logits, o, V, lse[bt], d);
            if (d != 0f) {
                dlogits[o + t] = d * (FastExp.exp(target - lse[bt]) - 1f);
            }
        });
    }
}
