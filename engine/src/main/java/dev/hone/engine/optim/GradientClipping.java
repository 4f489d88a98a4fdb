package dev.hone.engine.optim;

import java.util.List;

/**
 * Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_} does it: the L2 norm over
 * all gradients together, then every gradient scaled by min(1, maxNorm / (norm + 1e-6)).
 * The norm is accumulated in double in a fixed order (tensor by tensor, element by element), so it is
 * deterministic and at least as accurate as PyTorch's fp32 reduction. Not thread-parallel.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The L2 norm of all {@code grads} taken as one vector, rounded to fp32. */
    public static float globalNorm(List<float[]> grads) {
        double sum = 0;
        for (float[] g : grads) {
            double s = 0;
            for (float x : g) {
                s += (double) x * x;
            }
            sum += s;
        }
        return (float) Math.sqrt(sum);
    }

    /**
     * Scales {@code grads} in place so their global norm is at most about {@code maxNorm}:
     * coef = maxNorm / (norm + 1e-6), clamped at 1, applied to every element (also when it is 1,
     * as PyTorch does). When the norm is NaN or infinite the grads are left untouched, so the caller
     * can report a diverged step rather than train on NaNs.
     *
     * @param maxNorm the clipping threshold, > 0
     * @return the norm before clipping
     */
    public static float clipGlobalNorm(List<float[]> grads, float maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be > 0, found " + maxNorm);
        }
        float norm = globalNorm(grads);
        if (!Float.isFinite(norm)) {
            return norm;
        }
        float coef = Math.min(maxNorm / (norm + 1e-6f), 1f);
        for (float[] g : grads) {
            for (int i = 0; i < g.length; i++) {
                g[i] *= coef;
            }
        }
        return norm;
    }
}
