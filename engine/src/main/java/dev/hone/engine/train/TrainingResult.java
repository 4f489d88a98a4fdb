package dev.hone.engine.train;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param status     completed, paused (a checkpoint was written) or cancelled
 * @param steps      optimizer steps taken in total (resumed steps included)
 * @param totalSteps planned steps
 * @param weights    {@code outputDir/final} when completed; the pause checkpoint when paused; null when cancelled
 */
public record TrainingResult(Status status, long steps, long totalSteps, Path weights) {
    /** How the run ended. */
    public enum Status { COMPLETED, PAUSED, CANCELLED }
}
