package dev.hone.engine.train;

import java.nio.file.Path;

/**
 * A saved checkpoint: weights (a Hugging Face model directory or a PEFT adapter directory) plus the resume
 * state beside them.
 *
 * @param step  optimizer steps taken
 * @param epoch 0-based epoch of the last step
 * @param dir   the directory ({@code outputDir/checkpoints/step-N})
 * @param pause true when written because a pause was requested rather than at an epoch end
 */
public record Checkpoint(long step, int epoch, Path dir, boolean pause) {
}
