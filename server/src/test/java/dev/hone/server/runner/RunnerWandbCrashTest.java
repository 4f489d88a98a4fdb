package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.server.ChildServer;
import dev.hone.server.Datasets;
import dev.hone.server.Multipart;
import dev.hone.server.integrations.wandb.FakeWandb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * {@code kill -9} of a server while its job logs to W&amp;B: {@code hone serve} runs as a child JVM with one
 * training worker and a 2 s lease, is killed mid-training, and restarted on the same home; the recovered job
 * replays steps from its last checkpoint. The run must end with one history line per step, in order, each
 * written once or rewritten with the same values, and exit code 0.
 */
class RunnerWandbCrashTest {
    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    ChildServer start(URI wandb) throws IOException {
        return ChildServer.start(home.resolve("hone"), List.of("--add-modules", "jdk.incubator.vector", "-Xmx512m"),
                Map.of("HONE_MODELS", home.resolve("models").toString(), "HONE_TRAINING_WORKERS", "1",
                        "HONE_TRAINING_METHOD", "lora", "HONE_LEASE_SECONDS", "2", "HONE_RUNNER_POLL_MS", "50",
                        "HONE_WANDB_API_KEY", "crashtestkey0123456789abcdef0123456789ab",
                        "WANDB_BASE_URL", wandb.toString(), "HONE_WANDB_BACKOFF_MS", "10"));
    }

    JsonNode send(String url, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        HttpRequest req = body == null ? b.build() : b.header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Datasets.MAPPER.readTree(r.body());
    }

    /** The step of the newest metrics event, 0 before the first. */
    private long latestStep(String url, String jobId) throws IOException, InterruptedException {
        JsonNode events = send(url + "/fine_tuning/jobs/" + jobId + "/events?limit=5", null, null);
        for (JsonNode e : events.get("data")) {
            if ("metrics".equals(e.path("type").asText())) {
                return e.path("data").path("step").asLong();
            }
        }
        return 0;
    }

    @Test
    void killedMidTrainingTheRecoveredJobSendsEveryStepOnce() throws Exception {
        RunnerFixture.tinyModel(home.resolve("models"), RunnerFixture.MODEL);
        try (FakeWandb wandb = new FakeWandb()) {
            ChildServer first = start(wandb.url());
            String jobId;
            try {
                String file = send(first.url() + "/files", Multipart.CONTENT_TYPE, new Multipart()
                        .field("purpose", "fine-tune").file("file", "t.jsonl", Datasets.chat(10)
                                .getBytes(StandardCharsets.UTF_8)).build()).get("id").asText();
                jobId = send(first.url() + "/fine_tuning/jobs", "application/json", ("{\"model\":\"tiny\","
                        + "\"training_file\":\"" + file + "\",\"hyperparameters\":{\"n_epochs\":10},"
                        + "\"integrations\":[{\"type\":\"wandb\",\"wandb\":{\"project\":\"crash\"}}]}")
                        .getBytes(StandardCharsets.UTF_8)).get("id").asText();
                // Kill on the job's own progress, not on what W&B has seen: the W&B sink may lag far behind
                // training on a loaded machine, and a kill after the job succeeded would test nothing.
                long step = 0;
                for (int i = 0; i < 3000 && step < 15; i++) {
                    step = latestStep(first.url(), jobId);
                    Thread.sleep(10);
                }
                assertTrue(step >= 15 && step < 100, "killed mid-training, at step " + step);
                String path = "default-entity/crash/" + jobId;
                assertTrue(wandb.completions(path).isEmpty(), "killed before the end");
            } finally {
                first.process().destroyForcibly();
                first.process().waitFor();
            }

            ChildServer second = start(wandb.url());
            try {
                JsonNode job = null;
                for (int i = 0; i < 3000; i++) {
                    job = send(second.url() + "/fine_tuning/jobs/" + jobId, null, null);
                    if (List.of("succeeded", "failed", "cancelled").contains(job.get("status").asText())) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertEquals("succeeded", job.get("status").asText(), job.toString());
                String path = "default-entity/crash/" + jobId;
                for (int i = 0; i < 6000 && wandb.completions(path).isEmpty(); i++) {
                    Thread.sleep(10);
                }
                JsonNode events = send(second.url() + "/fine_tuning/jobs/" + jobId + "/events?limit=1000", null, null);
                assertEquals(List.of(0), wandb.completions(path), () -> "steps " + wandb.steps(path) + ", requests "
                        + wandb.requests().size() + ", warnings " + events.get("data").findValues("message").stream()
                        .filter(m -> m.asText().contains("W&B")).toList());
                assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), wandb.steps(path));
                assertTrue(wandb.conflicts.isEmpty(), wandb.conflicts.toString());
                assertTrue(wandb.upserts().size() >= 2, "the recovered attempt resumed the run");
            } finally {
                second.process().destroyForcibly();
                second.process().waitFor();
            }
        }
    }
}
