package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import dev.hone.server.Datasets;
import dev.hone.server.TestServer;
import dev.hone.server.cli.HoneCommand;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the runner tests share: a tiny random model written with {@code hone model init} under a models
 * directory (the registry finds it as {@code tiny}), uploads, polling and raw reads of a job's events.
 */
final class RunnerFixture {
    static final String MODEL = "tiny";

    private RunnerFixture() {
    }

    /** Writes the tiny model (1 layer, width 32, 2 heads, vocab 320, context 64) as {@code models/tiny}. */
    static Path tinyModel(Path models, String name) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HoneCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        Path dir = models.resolve(name);
        int exit = cli.execute("model", "init", "--arch", "llama", "--layers", "1", "--hidden", "32", "--heads", "2",
                "--vocab", "320", "--context", "64", "--seed", "3", "--out", dir.toString());
        assertEquals(0, exit, err.toString());
        return dir;
    }

    static String upload(OpenAIClient client, String jsonl) {
        return client.files().create(FileCreateParams.builder().file(jsonl.getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.FINE_TUNE).build()).id();
    }

    /** The job as raw JSON. */
    static JsonNode job(TestServer server, String id) throws IOException, InterruptedException {
        HttpResponse<String> r = server.raw("GET", "/fine_tuning/jobs/" + id, null, null, TestServer.KEY_A);
        assertEquals(200, r.statusCode(), r.body());
        return Datasets.MAPPER.readTree(r.body());
    }

    /** Polls (up to 3 minutes) until the job's status is one of {@code statuses}; returns the job. */
    static JsonNode await(TestServer server, String id, String... statuses) throws IOException, InterruptedException {
        JsonNode j = null;
        for (int i = 0; i < 3600; i++) {
            j = job(server, id);
            for (String s : statuses) {
                if (j.get("status").asText().equals(s)) {
                    return j;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not reach " + List.of(statuses) + ": " + j);
    }

    /** Polls until the job has recorded at least {@code step} metrics events. */
    static void awaitStep(TestServer server, String id, long step) throws IOException, InterruptedException {
        for (int i = 0; i < 3600; i++) {
            List<JsonNode> m = metrics(server, id);
            if (!m.isEmpty() && m.getLast().path("data").path("step").asLong() >= step) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not reach step " + step);
    }

    /** Every event of the job, oldest first. */
    static List<JsonNode> events(TestServer server, String id) throws IOException, InterruptedException {
        HttpResponse<String> r = server.raw("GET", "/fine_tuning/jobs/" + id + "/events?limit=1000", null, null,
                TestServer.KEY_A);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        Datasets.MAPPER.readTree(r.body()).get("data").forEach(out::add);
        return out.reversed();
    }

    /** The job's metrics events, oldest first. */
    static List<JsonNode> metrics(TestServer server, String id) throws IOException, InterruptedException {
        return events(server, id).stream().filter(e -> e.path("type").asText().equals("metrics")).toList();
    }

    /** The training losses of the job's metrics events, in step order. */
    static List<Double> losses(TestServer server, String id) throws IOException, InterruptedException {
        return metrics(server, id).stream().map(e -> e.path("data").path("train_loss").asDouble()).toList();
    }
}
