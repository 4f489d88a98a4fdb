package dev.hone.engine.train;

import dev.hone.engine.HoneException;

/** Training produced a NaN or infinite gradient norm or loss; the message names the step. */
public final class TrainingDivergedException extends HoneException {
    private final long step;

    public TrainingDivergedException(long step, String what) {
        super("training diverged at step " + step + ": " + what + ". Lower the learning rate, enable gradient"
                + " clipping (max grad norm > 0) or check the data for very long or degenerate examples");
        this.step = step;
    }

    /** The 1-based step whose gradient was not finite. */
    public long step() {
        return step;
    }
}
