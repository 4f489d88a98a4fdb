package dev.hone.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hone.server.http.ApiException;
import dev.hone.server.store.Database;
import dev.hone.server.store.EventDao;
import dev.hone.server.store.Ids;
import dev.hone.server.store.JobDao;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only writer of a job's status (DESIGN.md, "Job state machine"). Every change is one SQL
 * transaction that re-reads the job, checks the move is allowed, writes it and appends the matching
 * event, so a concurrent cancel and validation can never both win.
 *
 * <pre>
 * validating_files → queued | failed | cancelled
 * queued           → running | paused | cancelled | failed (the runner cannot start it)
 * running          → succeeded | failed | paused | cancelled
 * paused           → queued (resume) | cancelled
 * </pre>
 * Pausing a queued job is allowed (it is simply not picked up until resumed); the terminal states
 * (succeeded, failed, cancelled) allow nothing. A refused move is a 400 {@code invalid_request_error},
 * never 409: SDKs retry 409.
 */
public final class JobStateMachine {
    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            JobStatus.VALIDATING_FILES, EnumSet.of(JobStatus.QUEUED, JobStatus.FAILED, JobStatus.CANCELLED),
            JobStatus.QUEUED, EnumSet.of(JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.CANCELLED, JobStatus.FAILED),
            JobStatus.RUNNING, EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.PAUSED,
                    JobStatus.CANCELLED),
            JobStatus.PAUSED, EnumSet.of(JobStatus.QUEUED, JobStatus.CANCELLED),
            JobStatus.SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            JobStatus.FAILED, EnumSet.noneOf(JobStatus.class),
            JobStatus.CANCELLED, EnumSet.noneOf(JobStatus.class));

    private final Database db;

    public JobStateMachine(Database db) {
        this.db = db;
    }

    /** A message event to append with a transition. */
    public record Event(String level, String message, JsonNode data) {
        public static Event info(String message) {
            return new Event("info", message, null);
        }

        /** An info event with {@code data: {}} (the reference's closing events carry an empty object). */
        public static Event infoWithEmptyData(String message) {
            return new Event("info", message, JsonNodeFactory.instance.objectNode());
        }
    }

    /** Inserts a new job (status {@code validating_files}) and its first events in one transaction. */
    public Job create(Job job, List<Event> events) {
        if (job.status() != JobStatus.VALIDATING_FILES) {
            throw new IllegalArgumentException("New jobs start in validating_files; found " + job.status().wire());
        }
        return db.transaction("create job " + job.id(), c -> {
            JobDao.insert(c, job);
            for (Event e : events) {
                EventDao.insert(c, event(job.id(), e));
            }
            return job;
        });
    }

    /**
     * Moves the job to {@code to}, appending {@code event}.
     *
     * @param error the job's error; required when {@code to} is failed, ignored otherwise
     * @throws ApiException 400 when the job's current status does not allow the move
     */
    public Job transition(String jobId, JobStatus to, JobError error, Event event) {
        if (to == JobStatus.FAILED && error == null) {
            throw new IllegalArgumentException("A move to failed needs an error");
        }
        return db.transaction("move job " + jobId + " to " + to.wire(),
                c -> transition(c, jobId, to, error, List.of(event)));
    }

    /**
     * The same move inside the caller's transaction, appending {@code events} in order (the runner records a
     * job's results, model and closing events together with its move to succeeded).
     *
     * @throws ApiException 400 when the job's current status does not allow the move
     */
    public Job transition(Connection c, String jobId, JobStatus to, JobError error, List<Event> events)
            throws SQLException {
        if (to == JobStatus.FAILED && error == null) {
            throw new IllegalArgumentException("A move to failed needs an error");
        }
        Job job = JobDao.findAnyOrg(c, jobId).orElseThrow(() -> new IllegalArgumentException("No job " + jobId));
        if (!ALLOWED.get(job.status()).contains(to)) {
            throw ApiException.badRequest(null, "invalid_job_state", "Cannot move fine-tuning job " + jobId
                    + " from " + job.status().wire() + " to " + to.wire() + ": " + hint(job.status(), to));
        }
        Job moved = job.with(to, to == JobStatus.FAILED ? error : null,
                to.terminal() ? System.currentTimeMillis() / 1000 : null);
        JobDao.updateStatus(c, moved);
        if (to != JobStatus.RUNNING) {
            JobDao.updateEstimatedFinish(c, jobId, null);
        }
        for (Event e : events) {
            EventDao.insert(c, event(jobId, e));
        }
        return moved;
    }

    private static String hint(JobStatus from, JobStatus to) {
        if (from.terminal()) {
            return "the job has already finished.";
        }
        return switch (to) {
            case QUEUED -> "only a paused job can be resumed.";
            case PAUSED -> "only a queued or running job can be paused.";
            default -> "that is not a step of the job lifecycle.";
        };
    }

    /** The stored form of {@code e}, a message event of the job. */
    public static JobEvent event(String jobId, Event e) {
        return new JobEvent(Ids.next(Ids.EVENT), jobId, System.currentTimeMillis() / 1000, e.level(), "message",
                e.message(), e.data());
    }
}
