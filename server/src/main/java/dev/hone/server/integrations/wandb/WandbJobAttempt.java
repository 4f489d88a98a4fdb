package dev.hone.server.integrations.wandb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.jobs.Job;
import dev.hone.server.jobs.JobEvent;
import dev.hone.server.jobs.JobStatus;
import dev.hone.server.store.Database;
import dev.hone.server.store.EventDao;
import dev.hone.server.store.Ids;
import dev.hone.server.store.JobDao;

import java.nio.file.Path;

/**
 * The runner's whole W&amp;B part for one attempt at a job, bound to the job's rows: {@link #start} starts the
 * job's runs ({@link WandbJobLogger}) with failures written as {@code warn} events, and first offers the
 * metrics events an earlier attempt recorded (steps W&amp;B may never have got before a crash; the runs skip
 * what they already sent); {@link #log} takes each step's metrics {@code data}; {@link #end} ends the runs
 * by the status the attempt left the job in. Not a listener of the engine: the runner's own listener calls it.
 */
public final class WandbJobAttempt {
    private static final WandbJobAttempt NONE = new WandbJobAttempt(null, null, WandbJobLogger.none());

    private final Database db;
    private final String jobId;
    private final WandbJobLogger logger;

    private WandbJobAttempt(Database db, String jobId, WandbJobLogger logger) {
        this.db = db;
        this.jobId = jobId;
        this.logger = logger;
    }

    /** An attempt without W&amp;B runs (before the job starts running, or without integrations). */
    public static WandbJobAttempt none() {
        return NONE;
    }

    /**
     * Starts the runs of {@code job} (none when it has no {@code wandb} integration).
     *
     * @param hyperparameters the resolved hyperparameters, for the run config
     * @param jobDir          the job's directory (run cursors live under {@code wandb/})
     */
    public static WandbJobAttempt start(WandbConfig config, Database db, Job job, ObjectNode hyperparameters,
                                        Path jobDir) {
        if (job.integrations() == null || job.integrations().isEmpty()) {
            return NONE;
        }
        String id = job.id();
        WandbJobLogger logger = WandbJobLogger.start(config, job, hyperparameters, jobDir, m -> warn(db, id, m));
        db.read("read metrics of " + id, c -> EventDao.metrics(c, id)).stream().map(JobEvent::data)
                .filter(d -> d != null && d.isObject()).forEach(d -> logger.log((ObjectNode) d));
        return new WandbJobAttempt(db, id, logger);
    }

    /** Queues one step's metrics {@code data}; never blocks. */
    public void log(ObjectNode data) {
        logger.log(data);
    }

    /** Ends the runs by the job's status now: succeeded, failed, cancelled finish them; others leave them open. */
    public void end() {
        if (this == NONE) {
            return;
        }
        JobStatus status;
        try {
            status = db.read("read status of " + jobId, c -> JobDao.findAnyOrg(c, jobId)).map(Job::status)
                    .orElse(JobStatus.CANCELLED);
        } catch (RuntimeException e) {
            status = JobStatus.RUNNING;
        }
        logger.end(status);
    }

    /** A {@code warn} event; called from a W&amp;B thread, so it may outlive the database (then it is logged). */
    private static void warn(Database db, String jobId, String message) {
        JobEvent e = new JobEvent(Ids.next(Ids.EVENT), jobId, System.currentTimeMillis() / 1000, "warn", "message",
                message, null);
        try {
            db.transaction("warn on " + jobId, c -> {
                EventDao.insert(c, e);
                return null;
            });
        } catch (RuntimeException ex) {
            System.getLogger("hone.wandb").log(System.Logger.Level.WARNING, "Job " + jobId + ": " + message);
        }
    }
}
