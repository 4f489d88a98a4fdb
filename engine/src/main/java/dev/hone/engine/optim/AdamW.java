package dev.hone.engine.optim;

import dev.hone.engine.kernel.WeightVersions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * AdamW with decoupled weight decay, computing exactly what {@code torch.optim.AdamW} (single-tensor
 * path) computes, in the same order, with scalars formed in double and applied in fp32 as PyTorch does:
 * <pre>
 *   p  = p · (1 − lr·wd)                       # decay first, on the old p
 *   m  = β1·m + (1 − β1)·g
 *   v  = β2·v + (1 − β2)·g²
 *   p  = p − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps)   # eps outside the sqrt
 * </pre>
 * t counts steps from 1. State (m, v: one fp32 array per parameter, and t) can be saved and restored
 * bit-exactly with {@link OptimizerStateFiles}. The parameters are {@link WeightVersions#track tracked}
 * and reported changed after each step, so kernels may keep packed copies of them between steps.
 * Not thread-parallel: the update is memory-bound and
 * cheap beside forward/backward. Reference: PyTorch {@code torch/optim/adamw.py _single_tensor_adamw},
 * llm.c {@code gpt2_update}.
 */
public final class AdamW {
    private final AdamWConfig config;
    private final List<TrainableTensor> params;
    private final float[][] m;
    private final float[][] v;
    private long step;

    /**
     * @param config hyperparameters
     * @param params the tensors to update; names unique. Moments start at zero, step at 0.
     */
    public AdamW(AdamWConfig config, List<TrainableTensor> params) {
        this.config = config;
        this.params = List.copyOf(params);
        Set<String> names = new HashSet<>();
        this.m = new float[this.params.size()][];
        this.v = new float[this.params.size()][];
        for (int i = 0; i < this.params.size(); i++) {
            TrainableTensor p = this.params.get(i);
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("parameter name '" + p.name() + "' appears twice; names must be unique");
            }
            m[i] = new float[p.data().length];
            WeightVersions.track(p.data());
            v[i] = new float[p.data().length];
        }
    }

    /**
     * Applies one update with learning rate {@code lr} to every parameter from its current grad,
     * then increments the step count. Grads are read, not cleared.
     */
    public void step(double lr) {
        step++;
        double bc1 = 1 - Math.pow(config.beta1(), step);
        double bc2 = 1 - Math.pow(config.beta2(), step);
        float decayFactor = (float) (1 - lr * config.weightDecay());
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float b1 = (float) config.beta1();
        float b2 = (float) config.beta2();
        float oneMinusB1 = (float) (1 - config.beta1());
        float oneMinusB2 = (float) (1 - config.beta2());
        float eps = (float) config.eps();
        for (int i = 0; i < params.size(); i++) {
            TrainableTensor p = params.get(i);
            update(p.data(), p.grad(), m[i], v[i], p.decay() ? decayFactor : 1f,
                    b1, b2, oneMinusB1, oneMinusB2, stepSize, bc2Sqrt, eps);
            WeightVersions.changed(p.data()); // derived copies (bf16 for mixed precision) are stale
        }
    }

    private static void update(float[] p, float[] g, float[] m, float[] v, float decayFactor, float b1, float b2,
                               float oneMinusB1, float oneMinusB2, float stepSize, float bc2Sqrt, float eps) {
        for (int j = 0; j < p.length; j++) {
            float gj = g[j];
            float mj = m[j] * b1 + gj * oneMinusB1;
            float vj = v[j] * b2 + oneMinusB2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            float denom = (float) Math.sqrt(vj) / bc2Sqrt + eps;
            p[j] = p[j] * decayFactor + -stepSize * mj / denom;
        }
    }

    /** Steps taken so far (PyTorch's {@code state['step']}). */
    public long stepCount() {
        return step;
    }

    /** The hyperparameters. */
    public AdamWConfig config() {
        return config;
    }

    /** The parameters, in construction order. */
    public List<TrainableTensor> params() {
        return params;
    }

    /** First moment of parameter {@code i} (live array, for saving and tests). */
    float[] firstMoment(int i) {
        return m[i];
    }

    /** Second moment of parameter {@code i} (live array, for saving and tests). */
    float[] secondMoment(int i) {
        return v[i];
    }

    void restore(long step, float[][] firstMoments, float[][] secondMoments) {
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(firstMoments[i], 0, m[i], 0, m[i].length);
            System.arraycopy(secondMoments[i], 0, v[i], 0, v[i].length);
        }
        this.step = step;
    }
}
