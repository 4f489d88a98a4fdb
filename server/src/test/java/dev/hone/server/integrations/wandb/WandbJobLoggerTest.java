package dev.hone.server.integrations.wandb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.jobs.Job;
import dev.hone.server.jobs.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

/**
 * {@link WandbJobLogger}, the runner's side: metrics events become rows, job statuses become exit codes, the
 * cursor file carries a job across a pause and a crash, an unreachable server is one warning without the key.
 */
class WandbJobLoggerTest {
    static final String KEY = "fedcba9876543210fedcba9876543210fedcba98";
    static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path jobDir;
    FakeWandb wandb;
    final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        wandb = new FakeWandb();
    }

    @AfterEach
    void stop() {
        wandb.close();
    }

    static Job job() {
        ObjectNode method = (ObjectNode) FakeWandb.read("{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":"
                + "{\"n_epochs\":2,\"batch_size\":1,\"learning_rate_multiplier\":1.5}}}");
        ArrayNode integrations = (ArrayNode) FakeWandb.read("[{\"type\":\"wandb\",\"wandb\":{\"project\":\"p1\"}},"
                + "{\"type\":\"wandb\",\"wandb\":{\"project\":\"p2\",\"entity\":\"team\",\"tags\":[\"t\"]}}]");
        return new Job("ftjob-abc", "org-a", 0, "smol-135m", JobStatus.RUNNING, "file-t", "file-v", 7, "s", method,
                integrations, null, null, null, null, null, List.of(), null);
    }

    WandbJobLogger logger(URI url) {
        WandbConfig config = new WandbConfig(null, Map.of("org-a", KEY), url, null);
        return WandbJobLogger.start(config, job(), (ObjectNode) job().method().get("supervised").get("hyperparameters"),
                jobDir, warnings::add, WandbRunTest.FAST);
    }

    static ObjectNode event(long step) {
        ObjectNode d = FakeWandb.JSON.createObjectNode();
        d.put("step", step).put("train_loss", 1.0 / step).put("total_steps", 12).put("train_mean_token_accuracy", 0.5);
        if (step % 4 == 0) {
            d.put("valid_loss", 2.0 / step).put("full_valid_loss", 2.0 / step);
        }
        return d;
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void eventsBecomeRowsInEveryRunAndStatusesExitCodes() throws Exception {
        WandbJobLogger first = logger(wandb.url());
        for (long s = 1; s <= 5; s++) {
            first.log(event(s));
        }
        first.end(JobStatus.PAUSED);
        assertTrue(first.await(LIMIT));

        // Resumed after the pause, the trainer replays from step 3; then the worker stops (lost lease, the job
        // still running) and the next attempt replays from step 6. Each attempt reads the cursor files.
        WandbJobLogger second = logger(wandb.url());
        for (long s = 3; s <= 8; s++) {
            second.log(event(s));
        }
        second.end(JobStatus.RUNNING);
        assertTrue(second.await(LIMIT));
        WandbJobLogger third = logger(wandb.url());
        for (long s = 6; s <= 12; s++) {
            third.log(event(s));
        }
        third.end(JobStatus.FAILED);
        assertTrue(third.await(LIMIT));

        for (String path : List.of("default-entity/p1/ftjob-abc", "team/p2/ftjob-abc")) {
            assertEquals(range(1, 12), wandb.steps(path), path);
            assertEquals(List.of(WandbJobLogger.EXIT_FAILED), wandb.completions.get(path), path);
        }
        assertEquals(range(1, 12).size() * 2, wandb.postedSteps().size(), "no step sent twice");
        JsonNode row = FakeWandb.read(wandb.history.get("team/p2/ftjob-abc").get(3));
        assertEquals(4, row.get("_step").asLong());
        assertEquals(0.5, row.get("valid_loss").asDouble());
        assertFalse(row.has("total_steps") || row.has("step"), row.toString());
        JsonNode upsert = wandb.upserts.stream().filter(u -> u.get("project").asText().equals("p2")).findFirst()
                .orElseThrow();
        assertEquals("[\"t\",\"hone/finetune\",\"hone/smol-135m\",\"hone/ftjob-abc\"]", upsert.get("tags").toString());
        JsonNode config = FakeWandb.read(upsert.get("config").asText());
        assertEquals(1.5, config.get("learning_rate_multiplier").get("value").asDouble());
        assertEquals(7, config.get("seed").get("value").asLong());
        assertEquals("file-v", config.get("validation_file").get("value").asText());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void successAndCancellation() throws Exception {
        WandbJobLogger ok = logger(wandb.url());
        ok.log(event(1));
        ok.end(JobStatus.SUCCEEDED);
        assertTrue(ok.await(LIMIT));
        assertEquals(List.of(0), wandb.completions.get("team/p2/ftjob-abc"));
        WandbJobLogger cancelled = logger(wandb.url());
        cancelled.end(JobStatus.CANCELLED);
        assertTrue(cancelled.await(LIMIT));
        assertEquals(List.of(0, WandbJobLogger.EXIT_CANCELLED), wandb.completions.get("team/p2/ftjob-abc"));
    }

    @Test
    void unreachableServerWarnsOncePerRunWithoutTheKey() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WandbJobLogger logger = logger(URI.create("http://127.0.0.1:" + port));
        for (long s = 1; s <= 20; s++) {
            logger.log(event(s));
        }
        logger.end(JobStatus.SUCCEEDED);
        assertTrue(logger.await(LIMIT));
        assertEquals(2, warnings.size(), warnings.toString());
        for (String w : warnings) {
            assertTrue(w.startsWith("Logging to W&B failed"), w);
            assertTrue(w.contains("unreachable"), w);
            assertFalse(w.contains(KEY), w);
        }
    }

    @Test
    void aJobWithoutIntegrationsStartsNothing() throws Exception {
        Job j = job();
        Job plain = new Job(j.id(), j.org(), 0, j.model(), j.status(), j.trainingFile(), null, 1, null, j.method(),
                FakeWandb.JSON.createArrayNode(), null, null, null, null, null, List.of(), null);
        WandbJobLogger none = WandbJobLogger.start(WandbConfig.none(), plain, null, jobDir, warnings::add);
        none.log(event(1));
        none.end(JobStatus.SUCCEEDED);
        assertTrue(none.await(LIMIT));
        assertTrue(wandb.requests().isEmpty());
        assertTrue(warnings.isEmpty());
    }
}
