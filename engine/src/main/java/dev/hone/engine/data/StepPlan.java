package dev.hone.engine.data;

import java.util.List;

/**
 * The work of one optimizer step: the micro-batches whose gradients are accumulated before AdamW
 * updates. To make the step's gradient the mean over all its target tokens, scale micro-batch k's
 * mean loss gradient by {@code microBatches.get(k).targetTokens() / targetTokens} (micro-batches with
 * no targets contribute nothing).
 *
 * @param epoch        0-based epoch these examples come from
 * @param stepInEpoch  0-based index of this step within its epoch
 * @param microBatches one or more fixed-shape micro-batches
 * @param examples     examples in this step (the requested batch size, fewer on an epoch's last step)
 * @param targetTokens loss targets over all micro-batches
 */
public record StepPlan(int epoch, int stepInEpoch, List<MicroBatch> microBatches, int examples, long targetTokens) {
}
