package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import com.openai.models.finetuning.jobs.checkpoints.FineTuningJobCheckpoint;
import com.openai.models.models.Model;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.template.ChatEncoder;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.server.Datasets;
import dev.hone.server.TestServer;
import dev.hone.server.cli.JsonlExamples;
import dev.hone.server.models.ModelRegistry;
import dev.hone.server.models.ResolvedModel;
import dev.hone.server.store.Database;
import dev.hone.server.store.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A job through the official Java SDK (strict mode) from upload to {@code succeeded} on a tiny model, checking
 * what a user sees: every job field, the events and their order, the checkpoints, the results CSV against the
 * metrics events, and the fine-tuned model in {@code /v1/models} until it is deleted.
 */
class RunnerEndToEndTest {
    @TempDir
    Path home;

    @Test
    void aJobTrainsToAFineTunedModel() throws Exception {
        Path models = home.resolve("models");
        Path tiny = RunnerFixture.tinyModel(models, RunnerFixture.MODEL);
        try (TestServer server = TestServer.startWithRunner(home.resolve("hone"), models,
                new RunnerConfig(1, TrainingMethod.LORA, 30, 50))) {
            OpenAIClient a = server.client(TestServer.KEY_A);
            String data = Datasets.chat(10);
            String train = RunnerFixture.upload(a, data);
            String valid = RunnerFixture.upload(a, Datasets.chat(10));
            FineTuningJob created = a.fineTuning().jobs().create(JobCreateParams.builder().model(RunnerFixture.MODEL)
                    .trainingFile(train).validationFile(valid).suffix("e2e").seed(7L).build());
            String id = created.id();
            JsonNode j = RunnerFixture.await(server, id, "succeeded", "failed", "cancelled");
            assertEquals("succeeded", j.get("status").asText(), j.toString());

            FineTuningJob done = a.fineTuning().jobs().retrieve(id);
            String model = "ft:tiny:a:e2e:" + id.substring(6, 14);
            assertEquals(model, done.fineTunedModel().orElseThrow());
            assertTrue(done.finishedAt().orElseThrow() >= created.createdAt());
            assertTrue(done.estimatedFinish().isEmpty(), "no estimate once finished");
            assertTrue(done.error().isEmpty() || done.error().get().code() == null, "no error");
            assertEquals(7L, done.seed());
            // 10 examples: reference §5.1 gives 10 epochs, 0.2 % rounds up to batch 1, LoRA multiplier 2 times
            // the size factor of a model of a few thousand parameters (capped at 100)
            JsonNode hp = j.get("hyperparameters");
            assertEquals(10, hp.get("n_epochs").asInt());
            assertEquals(1, hp.get("batch_size").asInt());
            assertEquals(200.0, hp.get("learning_rate_multiplier").asDouble());
            assertEquals(hp, j.path("method").path("supervised").path("hyperparameters"));
            List<TokenizedExample> tokens = JsonlExamples.read(new ByteArrayInputStream(
                    data.getBytes(StandardCharsets.UTF_8)), "train", ChatEncoder.load(tiny));
            assertEquals(TrainingRun.trainedTokens(tokens, 64) * 10, done.trainedTokens().orElseThrow());

            List<JsonNode> events = RunnerFixture.events(server, id);
            List<String> messages = events.stream().map(e -> e.get("message").asText()).toList();
            int started = messages.indexOf("Fine-tuning job started");
            assertTrue(messages.indexOf("Files validated, moving job to queued state") < started && started > 0,
                    messages.toString());
            assertTrue(events.get(started).get("data").isNull(), "the start event carries data null");
            List<JsonNode> metrics = events.subList(started + 1, started + 101);
            for (int k = 0; k < 100; k++) {
                JsonNode e = metrics.get(k);
                JsonNode d = e.get("data");
                assertEquals("metrics", e.get("type").asText());
                assertEquals(k + 1, d.get("step").asInt());
                assertEquals(100, d.get("total_steps").asInt());
                String loss = String.format(Locale.ROOT, "%.2f", d.get("train_loss").asDouble());
                assertTrue(e.get("message").asText().startsWith("Step " + (k + 1) + "/100: training loss=" + loss),
                        e.toString());
                assertTrue(d.has("train_mean_token_accuracy"));
                boolean epochEnd = (k + 1) % 10 == 0;
                boolean validated = (k + 1) % 5 == 0;
                assertEquals(epochEnd, d.has("full_valid_loss"), e.toString());
                assertEquals(validated, d.has("valid_loss"), e.toString());
                assertEquals(validated, d.has("valid_mean_token_accuracy"), e.toString());
                if (validated) {
                    assertTrue(e.get("message").asText().contains(", validation loss="
                            + String.format(Locale.ROOT, "%.2f", d.get("valid_loss").asDouble())), e.toString());
                }
                assertEquals(epochEnd, e.get("message").asText().contains(", full validation loss="), e.toString());
            }
            double firstEpoch = meanLoss(metrics.subList(0, 10));
            double lastEpoch = meanLoss(metrics.subList(90, 100));
            assertTrue(lastEpoch < firstEpoch, "loss falls: " + firstEpoch + " -> " + lastEpoch);

            List<FineTuningJobCheckpoint> ckpts = a.fineTuning().jobs().checkpoints().list(
                    CheckpointListParams.builder().fineTuningJobId(id).build()).data();
            assertEquals(List.of(100L, 90L, 80L), ckpts.stream().map(FineTuningJobCheckpoint::stepNumber).toList());
            assertEquals(model, ckpts.get(0).fineTunedModelCheckpoint());
            assertTrue(ckpts.get(1).fineTunedModelCheckpoint().matches("ft:tiny:a:e2e:[A-Za-z0-9]{8}:ckpt-step-90"));
            assertEquals(90.0, ckpts.get(1).metrics().step().orElseThrow());
            assertTrue(ckpts.get(1).metrics().validLoss().isPresent());
            assertEquals(List.of(
                    "Checkpoint created at step 80 with Snapshot ID: " + ckpts.get(2).fineTunedModelCheckpoint(),
                    "Checkpoint created at step 90 with Snapshot ID: " + ckpts.get(1).fineTunedModelCheckpoint(),
                    "Checkpoint created at step 100 with Snapshot ID: " + model,
                    "New fine-tuned model created: " + model,
                    "The job has successfully completed"), messages.subList(started + 101, messages.size()));

            String fileId = done.resultFiles().getFirst();
            assertEquals("fine-tune-results", a.files().retrieve(fileId).purpose().asString());
            assertEquals("step_metrics.csv", a.files().retrieve(fileId).filename());
            String csv = new String(a.files().content(fileId).body().readAllBytes(), StandardCharsets.UTF_8);
            List<String> rows = csv.lines().toList();
            assertEquals("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy", rows.getFirst());
            assertEquals(101, rows.size());
            for (int k = 0; k < 100; k++) {
                String[] cells = rows.get(k + 1).split(",", -1);
                JsonNode d = metrics.get(k).get("data");
                assertEquals(5, cells.length);
                assertEquals(k + 1, Integer.parseInt(cells[0]));
                assertEquals(d.get("train_loss").asDouble(), Double.parseDouble(cells[1]), 5e-6);
                assertEquals(d.get("train_mean_token_accuracy").asDouble(), Double.parseDouble(cells[2]), 5e-6);
                assertEquals(d.has("valid_loss"), !cells[3].isEmpty(), rows.get(k + 1));
            }

            assertTrue(a.models().list().data().stream().map(Model::id).anyMatch(model::equals));
            assertTrue(server.client(TestServer.KEY_B).models().list().data().stream().map(Model::id)
                    .noneMatch(model::equals), "another organization does not see the model");
            try (Database db = SqliteDatabase.open(home.resolve("hone/hone.db"))) {
                ModelRegistry registry = new ModelRegistry(db, models);
                ResolvedModel r = registry.resolve(model, "org-a").orElseThrow();
                assertEquals(ResolvedModel.Kind.ADAPTER, r.kind());
                assertEquals(tiny, r.baseDir());
                assertTrue(Files.isRegularFile(r.weightsDir().resolve("adapter_model.safetensors")));
                ResolvedModel k = registry.resolve(ckpts.get(1).fineTunedModelCheckpoint(), "org-a").orElseThrow();
                assertEquals(tiny, k.baseDir());
                assertTrue(k.weightsDir().endsWith("step-90"), k.toString());
                assertTrue(Files.isRegularFile(k.weightsDir().resolve("adapter_model.safetensors")));
                assertTrue(registry.resolve(model, "org-b").isEmpty(), "another organization cannot use it");
                assertEquals(ResolvedModel.Kind.BASE, registry.resolve("tiny", "org-b").orElseThrow().kind());
                assertTrue(a.models().delete(model).deleted());
                assertTrue(registry.resolve(model, "org-a").isEmpty(), "a deleted model no longer resolves");
            }
            assertFalse(a.models().list().data().stream().map(Model::id).anyMatch(model::equals));
        }
    }

    private static double meanLoss(List<JsonNode> events) {
        return events.stream().mapToDouble(e -> e.get("data").get("train_loss").asDouble()).average().orElseThrow();
    }
}
