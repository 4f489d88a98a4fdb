package dev.hone.engine.train;

/**
 * Receives a run's progress and steers it. Called on the training thread; keep the calls short (queue
 * work elsewhere). Every method has a do-nothing default.
 */
public interface TrainingListener {
    /** What the trainer should do next, polled between micro-batches. */
    enum Control {
        /** Keep training. */
        CONTINUE,
        /** Save a checkpoint of the last completed step and return {@link TrainingResult.Status#PAUSED}. */
        PAUSE,
        /** Stop at once, saving nothing, and return {@link TrainingResult.Status#CANCELLED}. */
        CANCEL
    }

    /** After each optimizer step. */
    default void onStep(StepMetrics metrics) {
    }

    /** After each validation pass (at every epoch end when the spec has validation examples). */
    default void onValidation(ValidationMetrics metrics) {
    }

    /** After an epoch's last step (and its validation), before its checkpoint is written. */
    default void onEpochEnd(int epoch, long step) {
    }

    /** After a checkpoint directory is complete and in place. */
    default void onCheckpoint(Checkpoint checkpoint) {
    }

    /** Polled between micro-batches, so a pause or cancel takes effect within one micro-batch. */
    default Control control() {
        return Control.CONTINUE;
    }
}
