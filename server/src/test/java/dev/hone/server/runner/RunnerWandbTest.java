package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.server.Datasets;
import dev.hone.server.TestServer;
import dev.hone.server.integrations.wandb.FakeWandb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

/**
 * A job with a {@code wandb} integration through the runner, against {@link FakeWandb}: the run gets one history
 * row per metrics event with the same numbers, Hone's tags and the resolved hyperparameters, and exit code 0;
 * a pause and resume sends no step twice; an unreachable W&amp;B leaves the job succeeded with one {@code warn}
 * event that does not show the key.
 */
class RunnerWandbTest {
    static final String KEY = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";

    @TempDir
    Path home;

    TestServer server(String wandbUrl) {
        Path models = home.resolve("models");
        RunnerFixture.tinyModel(models, RunnerFixture.MODEL);
        return TestServer.startWithRunner(home.resolve("hone"), models, new RunnerConfig(1, TrainingMethod.LORA, 30, 50),
                Map.of("HONE_WANDB_API_KEYS", "org-a=" + KEY, "WANDB_BASE_URL", wandbUrl, "HONE_WANDB_ATTEMPTS", "3",
                        "HONE_WANDB_BACKOFF_MS", "10"));
    }

    static String create(TestServer server, int epochs) throws Exception {
        String file = RunnerFixture.upload(server.client(TestServer.KEY_A), Datasets.chat(10));
        String body = "{\"model\":\"" + RunnerFixture.MODEL + "\",\"training_file\":\"" + file + "\",\"seed\":5,"
                + "\"hyperparameters\":{\"n_epochs\":" + epochs + "},\"integrations\":[{\"type\":\"wandb\",\"wandb\":"
                + "{\"project\":\"hone-e2e\",\"entity\":\"team\",\"tags\":[\"mine\"]}}]}";
        HttpResponse<String> r = server.raw("POST", "/fine_tuning/jobs", "application/json",
                body.getBytes(StandardCharsets.UTF_8), TestServer.KEY_A);
        assertEquals(200, r.statusCode(), r.body());
        return Datasets.MAPPER.readTree(r.body()).get("id").asText();
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 3000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void metricsEventsBecomeTheRunsHistory() throws Exception {
        try (FakeWandb wandb = new FakeWandb(); TestServer server = server(wandb.url().toString())) {
            String id = create(server, 2);
            JsonNode job = RunnerFixture.await(server, id, "succeeded", "failed", "cancelled");
            assertEquals("succeeded", job.get("status").asText(), job.toString());
            String path = "team/hone-e2e/" + id;
            eventually(() -> !wandb.completions(path).isEmpty(), "the run is completed");
            assertEquals(List.of(0), wandb.completions(path));

            List<JsonNode> metrics = RunnerFixture.metrics(server, id);
            assertEquals(20, metrics.size());
            assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), wandb.steps(path));
            assertEquals(wandb.steps(path), wandb.postedSteps(), "each step sent once");
            for (int k = 0; k < 20; k++) {
                JsonNode row = FakeWandb.read(wandb.history.get(path).get(k));
                assertEquals(metrics.get(k).get("data").get("train_loss").asDouble(), row.get("train_loss").asDouble());
            }
            JsonNode upsert = wandb.upserts().getFirst();
            assertEquals(id, upsert.get("name").asText());
            assertEquals(id, upsert.get("displayName").asText(), "named by the job id when no name is given");
            assertEquals("[\"mine\",\"hone/finetune\",\"hone/tiny\",\"hone/" + id + "\"]", upsert.get("tags").toString());
            JsonNode config = FakeWandb.read(upsert.get("config").asText());
            assertEquals(2, config.get("n_epochs").get("value").asInt());
            assertEquals(1, config.get("batch_size").get("value").asInt(), "resolved, not auto");
            assertEquals(5, config.get("seed").get("value").asInt());
            for (FakeWandb.Request r : wandb.requests()) {
                assertTrue(r.authorization().startsWith("Basic "), r.path());
                assertFalse(r.body().contains(KEY), r.path());
            }
            assertTrue(RunnerFixture.events(server, id).stream().noneMatch(e -> e.get("level").asText().equals("warn")));
        }
    }

    @Test
    void pauseAndResumeSendEveryStepOnce() throws Exception {
        try (FakeWandb wandb = new FakeWandb(); TestServer server = server(wandb.url().toString())) {
            String id = create(server, 10);
            RunnerFixture.awaitStep(server, id, 3);
            HttpResponse<String> p = server.raw("POST", "/fine_tuning/jobs/" + id + "/pause", null, null,
                    TestServer.KEY_A);
            assertEquals(200, p.statusCode(), "paused while running: " + p.body());
            RunnerFixture.await(server, id, "paused");
            String path = "team/hone-e2e/" + id;
            // the trainer stops at its next control poll after the status flips, then its runs are detached
            eventually(() -> wandb.steps(path).size() == metrics(server, id).size(), "the steps before the pause");
            Thread.sleep(500);
            eventually(() -> wandb.steps(path).size() == metrics(server, id).size(), "the steps before the pause");
            assertTrue(wandb.completions(path).isEmpty(), "a paused job's run stays open");
            HttpResponse<String> r = server.raw("POST", "/fine_tuning/jobs/" + id + "/resume", null, null,
                    TestServer.KEY_A);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode job = RunnerFixture.await(server, id, "succeeded", "failed", "cancelled");
            assertEquals("succeeded", job.get("status").asText(), job.toString());
            eventually(() -> !wandb.completions(path).isEmpty(), "the run is completed");
            assertEquals(2, wandb.upserts().size(), "the resumed attempt resumes the run");
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), wandb.steps(path));
            assertEquals(wandb.steps(path), wandb.postedSteps(), "no step sent twice");
            assertTrue(wandb.conflicts.isEmpty(), wandb.conflicts.toString());
            assertEquals(List.of(0), wandb.completions(path));
        }
    }

    @Test
    void anUnreachableServerLeavesTheJobSucceededWithOneWarning() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TestServer server = server("http://127.0.0.1:" + port)) {
            String id = create(server, 1);
            JsonNode job = RunnerFixture.await(server, id, "succeeded", "failed", "cancelled");
            assertEquals("succeeded", job.get("status").asText(), job.toString());
            eventually(() -> warnings(server, id).size() == 1, "one warn event");
            String message = warnings(server, id).getFirst().get("message").asText();
            assertTrue(message.startsWith("Logging to W&B failed"), message);
            assertTrue(message.contains("unreachable"), message);
            assertFalse(message.contains(KEY), message);
        }
    }

    static List<JsonNode> metrics(TestServer server, String id) {
        try {
            return RunnerFixture.metrics(server, id);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<JsonNode> warnings(TestServer server, String id) {
        try {
            return RunnerFixture.events(server, id).stream().filter(e -> e.get("level").asText().equals("warn"))
                    .toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
