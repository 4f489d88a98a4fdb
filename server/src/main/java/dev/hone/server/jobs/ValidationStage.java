package dev.hone.server.jobs;

import dev.hone.server.http.ApiException;
import dev.hone.server.jobs.JobStateMachine.Event;
import dev.hone.server.store.BlobStore;
import dev.hone.server.store.Database;
import dev.hone.server.store.FileDao;
import dev.hone.server.store.JobDao;
import dev.hone.server.validation.DatasetKind;
import dev.hone.server.validation.DatasetValidator;
import dev.hone.server.validation.JobFailure;
import dev.hone.server.validation.TrainingMethod;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The background validator: one virtual thread that picks every job in {@code validating_files}
 * (oldest first; also those left over from before a restart), streams its file(s) through
 * {@link DatasetValidator}, and moves the job to {@code queued}, or to {@code failed} with the error of
 * reference §3.4. Woken by each new job; it also rescans now and then. Not the training runner.
 */
public final class ValidationStage implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hone.validation");

    private final Database db;
    private final BlobStore blobs;
    private final JobStateMachine machine;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean closed;
    private Thread thread;

    public ValidationStage(Database db, BlobStore blobs, JobStateMachine machine) {
        this.db = db;
        this.blobs = blobs;
        this.machine = machine;
    }

    /** Starts the background thread. */
    public void start() {
        thread = Thread.ofVirtual().name("hone-validator").start(this::loop);
    }

    /** Asks the stage to look for new work now. */
    public void wake() {
        wake.release();
    }

    private void loop() {
        while (!closed) {
            try {
                for (String id : db.read("find jobs to validate", c -> JobDao.withStatus(c,
                        JobStatus.VALIDATING_FILES))) {
                    if (closed) {
                        return;
                    }
                    validate(id);
                }
                wake.tryAcquire(30, TimeUnit.SECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Validation pass failed; retrying on the next wake-up", e);
                sleepQuietly();
            }
        }
    }

    /** Validates one job and moves it on. */
    void validate(String jobId) {
        Optional<Job> found = db.read("read job " + jobId, c -> JobDao.findAnyOrg(c, jobId));
        if (found.isEmpty() || found.get().status() != JobStatus.VALIDATING_FILES) {
            return;
        }
        Job job = found.get();
        TrainingMethod method = TrainingMethod.parse(job.methodType());
        Optional<JobFailure> failure;
        try {
            failure = check(job, job.trainingFile(), DatasetKind.TRAINING, method);
            if (failure.isEmpty() && job.validationFile() != null) {
                failure = check(job, job.validationFile(), DatasetKind.VALIDATION, method);
            }
        } catch (RuntimeException e) {
            if (closed) {
                return; // interrupted by shutdown: the job stays validating_files and is redone on restart
            }
            LOG.log(Level.ERROR, "Cannot validate the files of job " + jobId, e);
            failure = Optional.of(new JobFailure("server_error", "Hone could not read the job's files: "
                    + e.getMessage(), null));
        }
        try {
            if (failure.isPresent()) {
                JobFailure f = failure.get();
                machine.transition(jobId, JobStatus.FAILED, new JobError(f.code(), f.message(), f.param()),
                        new Event("error", f.message(), null));
            } else {
                machine.transition(jobId, JobStatus.QUEUED, null,
                        Event.info("Files validated, moving job to queued state"));
            }
        } catch (ApiException e) {
            LOG.log(Level.INFO, "Job {0} changed while it was validated: {1}", jobId, e.getMessage());
        }
    }

    private Optional<JobFailure> check(Job job, String fileId, DatasetKind kind, TrainingMethod method) {
        if (db.read("read file " + fileId, c -> FileDao.find(c, job.org(), fileId)).isEmpty()) {
            return Optional.of(new JobFailure(kind == DatasetKind.TRAINING ? "invalid_training_file"
                    : "invalid_validation_file", "The " + kind.noun() + " " + fileId
                    + " was deleted before the job could validate it.", kind.param()));
        }
        try (InputStream in = blobs.open(fileId)) {
            return new DatasetValidator(method, fileId).validate(in).jobFailure(kind);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + kind.noun() + " " + fileId + ": " + e.getMessage(), e);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
