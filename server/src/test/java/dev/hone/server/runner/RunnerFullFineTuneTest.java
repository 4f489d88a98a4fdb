package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.server.Datasets;
import dev.hone.server.TestServer;
import dev.hone.server.models.ModelRegistry;
import dev.hone.server.models.ResolvedModel;
import dev.hone.server.store.Database;
import dev.hone.server.store.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code HONE_TRAINING_METHOD=full}: the model is a complete Hugging Face directory, resolved as
 * {@link ResolvedModel.Kind#FULL} with the auto learning-rate multiplier of full fine-tuning, and usable as the
 * base of a further job.
 */
class RunnerFullFineTuneTest {
    @TempDir
    Path home;

    static String create(OpenAIClient a, String model, String file) {
        return a.fineTuning().jobs().create(JobCreateParams.builder().model(model).trainingFile(file).seed(4L)
                .method(JobCreateParams.Method.builder().type(JobCreateParams.Method.Type.SUPERVISED)
                        .supervised(SupervisedMethod.builder().hyperparameters(SupervisedHyperparameters.builder()
                                .nEpochs(2L).batchSize(5L).build()).build()).build()).build()).id();
    }

    @Test
    void aFullFineTuneIsACompleteModelDirectory() throws Exception {
        Path models = home.resolve("models");
        Path tiny = RunnerFixture.tinyModel(models, RunnerFixture.MODEL);
        try (TestServer server = TestServer.startWithRunner(home.resolve("hone"), models,
                new RunnerConfig(1, TrainingMethod.FULL, 30, 20))) {
            OpenAIClient a = server.client(TestServer.KEY_A);
            String file = RunnerFixture.upload(a, Datasets.chat(10));
            String id = create(a, RunnerFixture.MODEL, file);
            JsonNode j = RunnerFixture.await(server, id, "succeeded", "failed");
            assertEquals("succeeded", j.get("status").asText(), j.toString());
            // full fine-tuning multiplier 1 times the size factor of a model of a few thousand parameters (capped)
            assertEquals(100.0, j.get("hyperparameters").get("learning_rate_multiplier").asDouble());
            String model = j.get("fine_tuned_model").asText();
            try (Database db = SqliteDatabase.open(home.resolve("hone/hone.db"))) {
                ResolvedModel r = new ModelRegistry(db, models).resolve(model, "org-a").orElseThrow();
                assertEquals(ResolvedModel.Kind.FULL, r.kind());
                assertEquals(tiny, r.baseDir());
                assertEquals(r.weightsDir(), r.loadDir());
                assertTrue(Files.isRegularFile(r.loadDir().resolve("config.json")));
                assertTrue(Files.isRegularFile(r.loadDir().resolve("model.safetensors")));
            }
            String next = create(a, model, file);
            JsonNode n = RunnerFixture.await(server, next, "succeeded", "failed");
            assertEquals("succeeded", n.get("status").asText(), n.toString());
            assertTrue(RunnerFixture.losses(server, next).getFirst() < RunnerFixture.losses(server, id).getFirst(),
                    "the second job starts from the first one's weights");
        }
    }
}
