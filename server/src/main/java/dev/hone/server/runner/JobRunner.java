package dev.hone.server.runner;

import dev.hone.server.store.Database;
import dev.hone.server.store.Ids;
import dev.hone.server.store.JobDao;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training workers (DESIGN "Runner"): {@link RunnerConfig#workers()} threads, each claiming the oldest
 * {@code queued} job through the database with a lease (or a {@code running} job whose lease expired after a
 * crash), renewing the lease from a heartbeat thread while training, and giving it back when the run ends.
 * Jobs beyond the worker count wait, oldest first. Closing stops the runs without changing their status: a
 * restarted server resumes them from their last checkpoint.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hone.runner");

    private final RunnerConfig config;
    private final TrainingRun.Services services;
    private final Database db;
    private final String owner = "worker-" + Ids.random(12);
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();

    public JobRunner(RunnerConfig config, TrainingRun.Services services) {
        this.config = config;
        this.services = services;
        this.db = services.db();
    }

    /** Starts the workers (none when {@code workers} is 0). */
    public void start() {
        for (int i = 0; i < config.workers(); i++) {
            Thread t = Thread.ofPlatform().daemon().name("hone-worker-" + i).start(this::loop);
            workers.add(t);
        }
    }

    /** Asks idle workers to look for queued jobs now. */
    public void wake() {
        wake.release(config.workers());
    }

    private void loop() {
        while (!closed.get()) {
            try {
                Optional<String> job = claim();
                if (job.isPresent()) {
                    runWithLease(job.get());
                } else if (wake.tryAcquire(config.pollMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Runner pass failed; retrying", e);
                sleep();
            }
        }
    }

    private Optional<String> claim() {
        long now = System.currentTimeMillis() / 1000;
        return db.transaction("claim a job", c -> JobDao.claim(c, owner, now, now + config.leaseSeconds()));
    }

    private void runWithLease(String jobId) {
        AtomicBoolean lost = new AtomicBoolean();
        Thread heartbeat = Thread.ofVirtual().name("hone-lease-" + jobId).start(() -> renew(jobId, lost));
        try {
            LOG.log(Level.INFO, "job=" + jobId + " claimed by " + owner);
            new TrainingRun(services, jobId, () -> lost.get() || closed.get()).run();
        } finally {
            heartbeat.interrupt();
            try {
                heartbeat.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!lost.get()) {
                db.transaction("release job " + jobId, c -> {
                    JobDao.releaseLease(c, jobId, owner);
                    return null;
                });
            }
        }
    }

    private void renew(String jobId, AtomicBoolean lost) {
        long periodMillis = config.leaseSeconds() * 1000L / 3;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            long until = System.currentTimeMillis() / 1000 + config.leaseSeconds();
            try {
                if (!db.transaction("renew lease of " + jobId, c -> JobDao.renewLease(c, jobId, owner, until))) {
                    LOG.log(Level.WARNING, "job=" + jobId + " lease lost; stopping this worker's run");
                    lost.set(true);
                    return;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job=" + jobId + " lease renewal failed: " + e.getMessage());
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the workers: running trainings stop at their next micro-batch, keeping their status. */
    @Override
    public void close() {
        closed.set(true);
        wake.release(workers.size() + 1);
        for (Thread t : workers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
