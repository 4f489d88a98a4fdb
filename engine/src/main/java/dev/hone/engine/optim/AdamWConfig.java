package dev.hone.engine.optim;

/**
 * AdamW hyperparameters other than the learning rate (which a {@link LrSchedule} supplies per step).
 * Defaults of {@code torch.optim.AdamW} are betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
 *
 * @param beta1       decay of the first moment, in [0, 1)
 * @param beta2       decay of the second moment, in [0, 1)
 * @param eps         added to sqrt(v̂) in the denominator, > 0
 * @param weightDecay decoupled decay coefficient, ≥ 0; the update multiplies p by (1 - lr·weightDecay)
 */
public record AdamWConfig(double beta1, double beta2, double eps, double weightDecay) {
    public AdamWConfig {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW betas must be in [0, 1), found (" + beta1 + ", " + beta2 + ")");
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("AdamW eps must be > 0, found " + eps);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW weight decay must be >= 0, found " + weightDecay);
        }
    }

    /** PyTorch's defaults. */
    public static AdamWConfig torchDefaults() {
        return new AdamWConfig(0.9, 0.999, 1e-8, 0.01);
    }
}
