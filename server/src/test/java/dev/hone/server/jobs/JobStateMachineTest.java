package dev.hone.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.http.ApiException;
import dev.hone.server.store.EventDao;
import dev.hone.server.store.Ids;
import dev.hone.server.store.JobDao;
import dev.hone.server.store.SqliteDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The job lifecycle on a fresh in-memory SQLite: allowed moves, refused moves, one event per move. */
class JobStateMachineTest {
    private final SqliteDatabase db = SqliteDatabase.inMemory();
    private final JobStateMachine machine = new JobStateMachine(db);

    @AfterEach
    void close() {
        db.close();
    }

    Job newJob() {
        ObjectNode method = JsonNodeFactory.instance.objectNode().put("type", "supervised");
        method.putObject("supervised").putObject("hyperparameters").put("n_epochs", "auto");
        Job j = new Job(Ids.next(Ids.JOB), "org-a", 1, "m", JobStatus.VALIDATING_FILES, "file-t", null, 3, null,
                method, JsonNodeFactory.instance.arrayNode(), null, null, null, null, null, List.of(), null);
        return machine.create(j, List.of(JobStateMachine.Event.info("Created")));
    }

    int events(String id) {
        return db.read("events", c -> EventDao.list(c, id, null, 100)).size();
    }

    @Test
    void lifecycleWritesStatusAndOneEventPerMove() {
        Job j = newJob();
        machine.transition(j.id(), JobStatus.QUEUED, null, JobStateMachine.Event.info("validated"));
        machine.transition(j.id(), JobStatus.PAUSED, null, JobStateMachine.Event.info("paused"));
        machine.transition(j.id(), JobStatus.QUEUED, null, JobStateMachine.Event.info("resumed"));
        Job cancelled = machine.transition(j.id(), JobStatus.CANCELLED, null, JobStateMachine.Event.info("c"));
        assertNotNull(cancelled.finishedAt());
        assertEquals(JobStatus.CANCELLED, db.read("r", c -> JobDao.find(c, "org-a", j.id())).orElseThrow().status());
        assertEquals(5, events(j.id()));
        assertEquals("c", db.read("e", c -> EventDao.list(c, j.id(), null, 1)).getFirst().message());
    }

    @Test
    void refusedMovesChangeNothingAndAre400() {
        Job j = newJob();
        ApiException resume = assertThrows(ApiException.class, () -> machine.transition(j.id(), JobStatus.RUNNING,
                null, JobStateMachine.Event.info("x")));
        assertEquals(400, resume.status());
        JobError err = new JobError("invalid_n_examples", "too few", "training_file");
        Job failed = machine.transition(j.id(), JobStatus.FAILED, err, new JobStateMachine.Event("error", "too few",
                null));
        assertEquals(err, db.read("r", c -> JobDao.find(c, "org-a", j.id())).orElseThrow().error());
        for (JobStatus to : JobStatus.values()) {
            assertThrows(ApiException.class, () -> machine.transition(j.id(), to, err,
                    JobStateMachine.Event.info("x")));
        }
        assertEquals(2, events(j.id()));
        assertEquals(JobStatus.FAILED, failed.status());
        assertNull(db.read("r", c -> JobDao.find(c, "org-b", j.id())).orElse(null));
    }
}
