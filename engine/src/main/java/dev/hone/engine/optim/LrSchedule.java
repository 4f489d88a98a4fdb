package dev.hone.engine.optim;

/**
 * The learning rate for each optimizer step: linear warmup, then cosine or linear decay to a floor.
 * With s the 0-based index of the step about to be taken, W = warmupSteps, S = totalSteps,
 * floor = peak · minLrFraction:
 * <pre>
 *   s &lt; W:  lr = peak · (s + 1) / W                       (never 0: the first step already learns)
 *   else:   p  = min(1, (s − W) / max(1, S − W))
 *           COSINE:   lr = floor + (peak − floor) · ½(1 + cos(π·p))
 *           LINEAR:   lr = floor + (peak − floor) · (1 − p)
 *           CONSTANT: lr = peak
 * </pre>
 * Steps past S stay at the floor. Reference: llm.c {@code get_learning_rate}, nanoGPT {@code get_lr}.
 *
 * @param peakLr        the rate reached at the end of warmup, > 0
 * @param warmupSteps   steps of linear warmup, ≥ 0
 * @param totalSteps    planned optimizer steps, ≥ 1
 * @param decay         the shape after warmup
 * @param minLrFraction floor as a fraction of peak, in [0, 1]
 */
public record LrSchedule(double peakLr, int warmupSteps, int totalSteps, Decay decay, double minLrFraction) {
    /** The shape of the schedule after warmup. */
    public enum Decay { COSINE, LINEAR, CONSTANT }

    public LrSchedule {
        if (!(peakLr > 0) || warmupSteps < 0 || totalSteps < 1 || decay == null
                || !(minLrFraction >= 0 && minLrFraction <= 1)) {
            throw new IllegalArgumentException("invalid learning-rate schedule: peak " + peakLr + " (> 0), warmup "
                    + warmupSteps + " (>= 0), total " + totalSteps + " (>= 1), decay " + decay + ", floor fraction "
                    + minLrFraction + " (in [0, 1])");
        }
    }

    /** The learning rate for step {@code step} (0-based). */
    public double lr(long step) {
        if (step < warmupSteps) {
            return peakLr * (step + 1) / warmupSteps;
        }
        double floor = peakLr * minLrFraction;
        double p = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return switch (decay) {
            case COSINE -> floor + (peakLr - floor) * 0.5 * (1 + Math.cos(Math.PI * p));
            case LINEAR -> floor + (peakLr - floor) * (1 - p);
            case CONSTANT -> peakLr;
        };
    }
}
