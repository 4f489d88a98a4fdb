package dev.hone.server.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.train.Checkpoint;
import dev.hone.engine.train.StepMetrics;
import dev.hone.engine.train.TrainingListener;
import dev.hone.engine.train.ValidationMetrics;
import dev.hone.server.jobs.JobEvent;
import dev.hone.server.jobs.JobStatus;
import dev.hone.server.store.Database;
import dev.hone.server.store.EventDao;
import dev.hone.server.store.Ids;
import dev.hone.server.store.JobDao;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns a training run's progress into what the API shows: one metrics event per step (reference §2.6 data,
 * validation fields twice per epoch and full-validation fields at epoch ends), {@code estimated_finish} from the measured step time, and a
 * checkpoint row per epoch end (written after its weights, the last {@link JobCheckpoints#KEEP} kept). A step
 * is recorded once it is known whether validation follows it. Steps already recorded by an earlier, crashed
 * attempt are not recorded again (the resumed run reproduces them bitwise). Steers the run: a job moved to
 * cancelled or paused through the API, a lost lease or a stopping server stops training.
 */
final class JobProgress implements TrainingListener {
    private static final long POLL_NANOS = 50_000_000L;

    private final Database db;
    private final String jobId;
    private final JobCheckpoints checkpoints;
    private final boolean hasValidation;
    private final long stepsPerEpoch;
    private final long validationInterval;
    private final Supplier<ValidationMetrics> validator;
    private final BooleanSupplier stop;
    private final long alreadyRecorded;
    private final Consumer<ObjectNode> metrics;
    private final long startNanos = System.nanoTime();
    private long firstStepThisRun = -1;
    private StepMetrics pending;
    private ValidationMetrics pendingValidation;
    private ValidationMetrics pendingIntervalValidation;
    private ObjectNode lastRecorded;
    private long lastPoll;
    private Control lastControl = Control.CONTINUE;
    private long estimatedFinish;

    /**
     * @param stepsPerEpoch      steps of one epoch when the job has a validation file, else 0; the validation
     *                           set is scored mid-epoch (every {@code max(1, stepsPerEpoch / 2)} steps) and, by
     *                           the engine, at each epoch end
     * @param validator          scores the validation set with the current weights, leaving the run's state as
     *                           it was (the engine's {@code Trainer.validate})
     * @param stop               true when the worker must stop without a status change (lost lease, server
     *                           closing)
     * @param metrics            gets every step's metrics {@code data}, replayed steps included (the W&amp;B runs)
     */
    JobProgress(Database db, String jobId, JobCheckpoints checkpoints, long stepsPerEpoch,
                Supplier<ValidationMetrics> validator, BooleanSupplier stop, Consumer<ObjectNode> metrics) {
        this.db = db;
        this.jobId = jobId;
        this.checkpoints = checkpoints;
        this.hasValidation = stepsPerEpoch > 0;
        this.stepsPerEpoch = stepsPerEpoch;
        this.validationInterval = Math.max(1, stepsPerEpoch / 2);
        this.validator = validator;
        this.stop = stop;
        this.metrics = metrics;
        this.alreadyRecorded = db.read("read progress of " + jobId, c -> EventDao.lastMetricsStep(c, jobId));
    }

    @Override
    public void onStep(StepMetrics m) {
        flush();
        pending = m;
        if (hasValidation && m.step() % validationInterval == 0 && m.step() % stepsPerEpoch != 0
                && m.step() > alreadyRecorded) {
            pendingIntervalValidation = validator.get();
        }
        if (firstStepThisRun < 0) {
            firstStepThisRun = m.step() - 1;
        }
        double perStep = (System.nanoTime() - startNanos) / 1e9 / (m.step() - firstStepThisRun);
        estimatedFinish = System.currentTimeMillis() / 1000 + Math.round(perStep * (m.totalSteps() - m.step()));
    }

    @Override
    public void onValidation(ValidationMetrics metrics) {
        pendingValidation = metrics;
    }

    @Override
    public void onEpochEnd(int epoch, long step) {
        flush();
    }

    @Override
    public void onCheckpoint(Checkpoint checkpoint) {
        flush();
        if (!checkpoint.pause()) {
            checkpoints.record(checkpoint, lastRecorded);
        }
    }

    /** Records the step still held back (the run ended). */
    void finish() {
        flush();
    }

    @Override
    public Control control() {
        if (stop.getAsBoolean()) {
            return Control.CANCEL;
        }
        long now = System.nanoTime();
        if (now - lastPoll < POLL_NANOS) {
            return lastControl;
        }
        lastPoll = now;
        JobStatus status = db.read("poll job " + jobId, c -> JobDao.findAnyOrg(c, jobId)).map(j -> j.status())
                .orElse(JobStatus.CANCELLED);
        lastControl = switch (status) {
            case PAUSED -> Control.PAUSE;
            case CANCELLED, FAILED, SUCCEEDED -> Control.CANCEL;
            default -> Control.CONTINUE;
        };
        return lastControl;
    }

    private void flush() {
        if (pending == null) {
            return;
        }
        StepMetrics m = pending;
        ValidationMetrics full = pendingValidation;
        ValidationMetrics v = full != null ? full : pendingIntervalValidation;
        pending = null;
        pendingValidation = null;
        pendingIntervalValidation = null;
        ObjectNode data = data(m, v, full != null);
        lastRecorded = data;
        metrics.accept(data);
        long finish = estimatedFinish;
        if (m.step() <= alreadyRecorded) {
            return;
        }
        StringBuilder message = new StringBuilder("Step " + m.step() + "/" + m.totalSteps() + ": training loss="
                + two(m.loss()));
        if (v != null) {
            message.append(", validation loss=").append(two(v.loss()));
        }
        if (full != null) {
            message.append(", full validation loss=").append(two(full.loss()));
        }
        JobEvent e = new JobEvent(Ids.next(Ids.EVENT), jobId, System.currentTimeMillis() / 1000, "info", "metrics",
                message.toString(), data);
        db.transaction("record step " + m.step() + " of " + jobId, c -> {
            EventDao.insert(c, e);
            JobDao.updateEstimatedFinish(c, jobId, finish);
            return null;
        });
    }

    /**
     * Reference §2.6: {@code step, train_loss, total_steps, train_mean_token_accuracy}; with a validation file
     * also {@code valid_loss, valid_mean_token_accuracy} and, at epoch ends, {@code full_valid_loss,
     * full_valid_mean_token_accuracy}. Hone scores the whole validation file every {@code stepsPerEpoch / 2}
     * steps ({@code valid_*}) and at each epoch end (both pairs, with the same numbers); other steps carry
     * neither.
     */
    private ObjectNode data(StepMetrics m, ValidationMetrics v, boolean full) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("step", m.step());
        d.put("train_loss", m.loss());
        d.put("total_steps", m.totalSteps());
        d.put("train_mean_token_accuracy", m.accuracy());
        if (hasValidation && v != null) {
            d.put("valid_loss", v.loss());
            d.put("valid_mean_token_accuracy", v.accuracy());
        }
        if (hasValidation && full) {
            d.put("full_valid_loss", v.loss());
            d.put("full_valid_mean_token_accuracy", v.accuracy());
        }
        return d;
    }

    private static String two(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
