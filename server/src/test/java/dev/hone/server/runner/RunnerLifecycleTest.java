package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.methods.DpoMethod;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import com.openai.models.models.Model;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.server.Datasets;
import dev.hone.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runner's lifecycle on a tiny model with one worker: jobs queue behind a running one and run oldest
 * first; equal seeds give equal loss curves and bitwise-equal weights, other seeds differ; a paused and resumed
 * job ends with the weights of an uninterrupted run; cancel stops training and makes no model; a corrupted base
 * model or an unsupported method fails the job with an error and frees the worker.
 */
class RunnerLifecycleTest {
    @TempDir
    static Path home;
    static TestServer server;
    static OpenAIClient a;
    static String train;

    @BeforeAll
    static void start() {
        Path models = home.resolve("models");
        Path tiny = RunnerFixture.tinyModel(models, RunnerFixture.MODEL);
        corrupt(tiny, models.resolve("broken"));
        server = TestServer.startWithRunner(home.resolve("hone"), models,
                new RunnerConfig(1, TrainingMethod.LORA, 30, 20));
        a = server.client(TestServer.KEY_A);
        train = RunnerFixture.upload(a, Datasets.chat(10));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A copy of the model whose weights file is cut in half. */
    private static void corrupt(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path weights = to.resolve("model.safetensors");
            byte[] bytes = Files.readAllBytes(weights);
            Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String create(String model, long seed, long epochs) {
        return a.fineTuning().jobs().create(JobCreateParams.builder().model(model).trainingFile(train).seed(seed)
                .method(JobCreateParams.Method.builder().type(JobCreateParams.Method.Type.SUPERVISED)
                        .supervised(SupervisedMethod.builder().hyperparameters(SupervisedHyperparameters.builder()
                                .nEpochs(epochs).batchSize(2L).build()).build()).build()).build()).id();
    }

    static byte[] weights(String jobId) throws IOException {
        return Files.readAllBytes(home.resolve("hone/jobs").resolve(jobId).resolve("final/adapter_model.safetensors"));
    }

    static int post(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = server.raw("POST", path, null, null, TestServer.KEY_A);
        return r.statusCode();
    }

    @Test
    void queuedJobsRunOldestFirstAndEqualSeedsGiveEqualWeights() throws Exception {
        List<String> ids = List.of(create(RunnerFixture.MODEL, 5, 4), create(RunnerFixture.MODEL, 5, 4),
                create(RunnerFixture.MODEL, 6, 4));
        List<String> startOrder = new ArrayList<>();
        boolean sawOthersQueued = false;
        for (int i = 0; i < 6000 && startOrder.size() < 3 || !allDone(ids); i++) {
            List<String> statuses = new ArrayList<>();
            for (String id : ids) {
                statuses.add(RunnerFixture.job(server, id).get("status").asText());
            }
            assertTrue(statuses.stream().filter("running"::equals).count() <= 1, "one worker: " + statuses);
            for (int k = 0; k < 3; k++) {
                if (!statuses.get(k).equals("queued") && !statuses.get(k).equals("validating_files")
                        && !startOrder.contains(ids.get(k))) {
                    startOrder.add(ids.get(k));
                }
            }
            sawOthersQueued |= statuses.equals(List.of("running", "queued", "queued"));
            Thread.sleep(10);
        }
        assertEquals(ids, startOrder, "jobs start oldest first");
        assertTrue(sawOthersQueued, "the later jobs wait queued while the first runs");
        for (String id : ids) {
            assertEquals("succeeded", RunnerFixture.job(server, id).get("status").asText());
        }
        List<Double> first = RunnerFixture.losses(server, ids.get(0));
        assertEquals(20, first.size());
        assertEquals(first, RunnerFixture.losses(server, ids.get(1)), "same seed, same loss curve");
        assertArrayEquals(weights(ids.get(0)), weights(ids.get(1)), "same seed, same weights");
        assertNotEquals(first, RunnerFixture.losses(server, ids.get(2)), "another seed, another curve");
        assertFalse(Arrays.equals(weights(ids.get(0)), weights(ids.get(2))), "another seed, other weights");
    }

    private static boolean allDone(List<String> ids) throws IOException, InterruptedException {
        for (String id : ids) {
            String s = RunnerFixture.job(server, id).get("status").asText();
            if (!s.equals("succeeded") && !s.equals("failed") && !s.equals("cancelled")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aPausedAndResumedJobEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        String reference = create(RunnerFixture.MODEL, 11, 8);
        RunnerFixture.await(server, reference, "succeeded", "failed");
        String paused = create(RunnerFixture.MODEL, 11, 8);
        RunnerFixture.awaitStep(server, paused, 3);
        assertEquals(200, post("/fine_tuning/jobs/" + paused + "/pause"));
        RunnerFixture.await(server, paused, "paused");
        int stepsAtPause = awaitQuiet(paused);
        assertTrue(stepsAtPause < 40, "paused before the end: " + stepsAtPause);
        assertEquals(200, post("/fine_tuning/jobs/" + paused + "/resume"));
        JsonNode done = RunnerFixture.await(server, paused, "succeeded", "failed");
        assertEquals("succeeded", done.get("status").asText(), done.toString());
        List<Double> losses = RunnerFixture.losses(server, paused);
        assertEquals(40, losses.size(), "every step recorded once");
        assertEquals(RunnerFixture.losses(server, reference), losses);
        assertArrayEquals(weights(reference), weights(paused));
    }

    /** Waits until the job records no new metrics for a while; returns its recorded steps. */
    private static int awaitQuiet(String id) throws IOException, InterruptedException {
        int seen = -1;
        for (int i = 0; i < 100; i++) {
            int now = RunnerFixture.metrics(server, id).size();
            if (now == seen) {
                return now;
            }
            seen = now;
            Thread.sleep(300);
        }
        throw new AssertionError("job " + id + " kept training after pause");
    }

    @Test
    void cancelStopsTrainingAndMakesNoModel() throws Exception {
        String id = create(RunnerFixture.MODEL, 3, 50);
        RunnerFixture.awaitStep(server, id, 2);
        assertEquals(200, post("/fine_tuning/jobs/" + id + "/cancel"));
        JsonNode j = RunnerFixture.await(server, id, "cancelled");
        int steps = awaitQuiet(id);
        assertTrue(steps >= 2 && steps < 250, "stopped early: " + steps);
        j = RunnerFixture.job(server, id);
        assertTrue(j.get("fine_tuned_model").isNull());
        assertTrue(a.models().list().data().stream().map(Model::id).noneMatch(m -> m.contains(id.substring(6, 14))));
        String next = create(RunnerFixture.MODEL, 3, 1);
        assertEquals("succeeded", RunnerFixture.await(server, next, "succeeded", "failed").get("status").asText(),
                "the worker is free again");
    }

    @Test
    void aRuntimeFailureFailsTheJobWithAnErrorAndFreesTheWorker() throws Exception {
        String broken = create("broken", 1, 1);
        JsonNode j = RunnerFixture.await(server, broken, "failed", "succeeded");
        assertEquals("failed", j.get("status").asText());
        assertEquals("training_failed", j.get("error").get("code").asText());
        assertTrue(j.get("error").get("message").asText().contains("model.safetensors"), j.toString());
        List<JsonNode> events = RunnerFixture.events(server, broken);
        assertEquals("error", events.getLast().get("level").asText());
        assertEquals(j.get("error").get("message").asText(), events.getLast().get("message").asText());

        String dpo = a.fineTuning().jobs().create(JobCreateParams.builder().model(RunnerFixture.MODEL)
                .trainingFile(RunnerFixture.upload(a, Datasets.dpo(10)))
                .method(JobCreateParams.Method.builder().type(JobCreateParams.Method.Type.DPO)
                        .dpo(DpoMethod.builder().build()).build()).build()).id();
        JsonNode d = RunnerFixture.await(server, dpo, "failed", "succeeded");
        assertEquals("unsupported_method", d.get("error").get("code").asText());
        assertTrue(d.get("error").get("message").asText().startsWith("unsupported method"), d.toString());

        String ok = create(RunnerFixture.MODEL, 1, 1);
        assertEquals("succeeded", RunnerFixture.await(server, ok, "succeeded", "failed").get("status").asText());
    }

    @Test
    void aFineTunedModelAsBaseContinuesFromItsWeights() throws Exception {
        String first = create(RunnerFixture.MODEL, 21, 6);
        JsonNode done = RunnerFixture.await(server, first, "succeeded", "failed");
        assertEquals("succeeded", done.get("status").asText(), done.toString());
        String ft = done.get("fine_tuned_model").asText();
        String second = create(ft, 21, 1);
        JsonNode next = RunnerFixture.await(server, second, "succeeded", "failed");
        assertEquals("succeeded", next.get("status").asText(), next.toString());
        assertTrue(next.get("fine_tuned_model").asText().startsWith("ft:tiny:a::"), next.toString());
        List<Double> before = RunnerFixture.losses(server, first);
        List<Double> after = RunnerFixture.losses(server, second);
        assertTrue(after.getFirst() < before.getFirst(), "starts from the trained weights, not the base: "
                + before.getFirst() + " -> " + after.getFirst());
    }
}
