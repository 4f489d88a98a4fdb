package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import dev.hone.server.ChildServer;
import dev.hone.server.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Kill -9 of a {@code hone serve} child JVM while it trains: after a restart the job's lease expires, it resumes
 * from its last checkpoint and ends with no metrics event or CSV row twice and with the weights of an
 * uninterrupted run of the same seed (run by the restarted server, so both use the same thread count).
 */
class RunnerCrashRecoveryTest {
    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newHttpClient();

    ChildServer start(Path models) throws IOException {
        return ChildServer.start(tmp.resolve("hone"), List.of("-Xmx512m", "--add-modules", "jdk.incubator.vector",
                "-Dhone.threads=1"), Map.of("HONE_MODELS", models.toString(), "HONE_LEASE_SECONDS", "2",
                "HONE_RUNNER_POLL_MS", "50", "HONE_TRAINING_WORKERS", "1", "HONE_TRAINING_METHOD", "lora"));
    }

    JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Datasets.MAPPER.readTree(r.body());
    }

    List<JsonNode> metrics(String url, String id) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        get(url + "/fine_tuning/jobs/" + id + "/events?limit=1000").get("data").forEach(e -> {
            if (e.get("type").asText().equals("metrics")) {
                out.add(e.get("data"));
            }
        });
        return out.reversed();
    }

    JsonNode await(String url, String id) throws IOException, InterruptedException {
        for (int i = 0; i < 1800; i++) {
            JsonNode j = get(url + "/fine_tuning/jobs/" + id);
            if (j.get("status").asText().matches("succeeded|failed|cancelled")) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    static String create(OpenAIClient client, String file) {
        return client.fineTuning().jobs().create(JobCreateParams.builder().model(RunnerFixture.MODEL).trainingFile(file)
                .seed(9L).method(JobCreateParams.Method.builder().type(JobCreateParams.Method.Type.SUPERVISED)
                        .supervised(SupervisedMethod.builder().hyperparameters(SupervisedHyperparameters.builder()
                                .nEpochs(20L).batchSize(2L).build()).build()).build()).build()).id();
    }

    static OpenAIClient client(String url) {
        return OpenAIOkHttpClient.builder().baseUrl(url).apiKey("open").maxRetries(0).responseValidation(true)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void aKilledServerResumesTheJobFromItsLastCheckpoint() throws Exception {
        Path models = tmp.resolve("models");
        RunnerFixture.tinyModel(models, RunnerFixture.MODEL);
        ChildServer first = start(models);
        String file;
        String id;
        try {
            OpenAIClient c = client(first.url());
            file = c.files().create(FileCreateParams.builder().file(Datasets.chat(10).getBytes(StandardCharsets.UTF_8))
                    .purpose(FilePurpose.FINE_TUNE).build()).id();
            id = create(c, file);
            long step = 0;
            for (int i = 0; i < 6000 && step < 7; i++) {
                List<JsonNode> m = metrics(first.url(), id);
                step = m.isEmpty() ? 0 : m.getLast().get("step").asLong();
                Thread.sleep(5);
            }
            assertTrue(step >= 7 && step < 100, "killed mid-training, after the first checkpoint: step " + step);
        } finally {
            first.process().destroyForcibly();
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        ChildServer second = start(models);
        try {
            JsonNode recovered = await(second.url(), id);
            assertEquals("succeeded", recovered.get("status").asText(), recovered.toString());
            List<JsonNode> m = metrics(second.url(), id);
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(),
                    m.stream().map(d -> d.get("step").asLong()).toList(), "each step recorded once, in order");
            String results = recovered.get("result_files").get(0).asText();
            HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(second.url() + "/files/" + results
                    + "/content")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(101, csv.body().lines().count(), "one CSV row per step");

            String reference = create(client(second.url()), file);
            assertEquals("succeeded", await(second.url(), reference).get("status").asText());
            assertEquals(metrics(second.url(), reference).stream().map(d -> d.get("train_loss").asDouble()).toList(),
                    m.stream().map(d -> d.get("train_loss").asDouble()).toList());
            Path jobs = tmp.resolve("hone/jobs");
            assertArrayEquals(Files.readAllBytes(jobs.resolve(reference).resolve("final/adapter_model.safetensors")),
                    Files.readAllBytes(jobs.resolve(id).resolve("final/adapter_model.safetensors")));
        } finally {
            second.process().destroyForcibly();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
