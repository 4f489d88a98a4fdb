package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import com.openai.models.finetuning.jobs.JobListParams;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListPage;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import com.openai.models.finetuning.jobs.checkpoints.FineTuningJobCheckpoint;
import com.openai.models.finetuning.methods.DpoHyperparameters;
import com.openai.models.finetuning.methods.DpoMethod;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import dev.hone.server.cli.ModelsCommandTest;
import dev.hone.server.store.CheckpointDao;
import dev.hone.server.store.Ids;
import dev.hone.server.store.SqliteDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every fine-tuning job endpoint through the official Java SDK (strict mode) against a real server. */
class JobsConformanceTest {
    @TempDir
    static Path home;
    static TestServer server;
    static OpenAIClient a;
    static OpenAIClient b;
    static String trainingFile;
    static String dpoFile;

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        a = server.client(TestServer.KEY_A);
        b = server.client(TestServer.KEY_B);
        trainingFile = upload(a, Datasets.chat(12));
        dpoFile = upload(a, Datasets.dpo(12));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String upload(OpenAIClient client, String jsonl) {
        return client.files().create(FileCreateParams.builder().file(jsonl.getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.FINE_TUNE).build()).id();
    }

    static JobCreateParams.Builder job() {
        return JobCreateParams.builder().model("gpt-4o-mini").trainingFile(trainingFile);
    }

    /** Polls until the job leaves validating_files (the validator runs in the background). */
    static FineTuningJob awaitValidated(OpenAIClient client, String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            FineTuningJob j = client.fineTuning().jobs().retrieve(id);
            if (!j.status().equals(FineTuningJob.Status.VALIDATING_FILES)) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " still validating after 30 s");
    }

    @Test
    void createEchoesEveryFieldAndQueuesAfterValidation() throws InterruptedException {
        FineTuningJob j = a.fineTuning().jobs().create(job().suffix("my-model").seed(42L)
                .metadata(JobCreateParams.Metadata.builder().putAdditionalProperty("team", JsonValue.from("x")).build())
                .addIntegration(JobCreateParams.Integration.builder().type(JsonValue.from("wandb"))
                        .wandb(JobCreateParams.Integration.Wandb.builder().project("p").addTag("t").build()).build())
                .method(JobCreateParams.Method.builder().type(JobCreateParams.Method.Type.SUPERVISED)
                        .supervised(SupervisedMethod.builder().hyperparameters(SupervisedHyperparameters.builder()
                                .nEpochs(3L).build()).build()).build())
                .build());
        assertTrue(j.id().startsWith("ftjob-"));
        assertEquals(FineTuningJob.Status.VALIDATING_FILES, j.status());
        assertEquals("gpt-4o-mini-2024-07-18", j.model());
        assertEquals("org-a", j.organizationId());
        assertEquals(42L, j.seed());
        assertEquals(3L, j.hyperparameters().nEpochs().orElseThrow().asInteger());
        assertTrue(j.hyperparameters().batchSize().orElseThrow().isAuto());
        assertTrue(j.error().isEmpty());
        assertTrue(j.fineTunedModel().isEmpty());
        assertTrue(j.resultFiles().isEmpty());
        assertEquals("p", j.integrations().orElseThrow().getFirst().wandb().project());
        assertEquals("my-model", j._additionalProperties().get("user_provided_suffix").asStringOrThrow());

        FineTuningJob queued = awaitValidated(a, j.id());
        assertEquals(FineTuningJob.Status.QUEUED, queued.status());
        List<String> messages = a.fineTuning().jobs().listEvents(j.id()).data().stream()
                .map(FineTuningJobEvent::message).toList();
        assertEquals(List.of("Files validated, moving job to queued state", "Validating training file: "
                + trainingFile, "Created fine-tuning job: " + j.id()), messages);
        CheckpointListPage ckpts = a.fineTuning().jobs().checkpoints().list(j.id());
        assertTrue(ckpts.data().isEmpty());
    }

    @Test
    void generatedSeedAndDpoHyperparametersStayObjects() {
        FineTuningJob j = a.fineTuning().jobs().create(JobCreateParams.builder().model("gpt-4o-mini")
                .trainingFile(dpoFile).method(JobCreateParams.Method.builder().type(JobCreateParams.Method.Type.DPO)
                        .dpo(DpoMethod.builder().hyperparameters(DpoHyperparameters.builder().beta(0.1).build())
                                .build()).build()).build());
        assertTrue(j.seed() >= 0);
        assertTrue(j.hyperparameters().nEpochs().orElseThrow().isAuto());
        assertEquals(0.1, j.method().orElseThrow().dpo().orElseThrow().hyperparameters().orElseThrow().beta()
                .orElseThrow().asNumber(), 1e-12);
    }

    @Test
    void baseModelDirectoriesAreListedAndTrainable() throws Exception {
        Path dir = home.resolve("models").resolve("tiny-llama");
        ModelsCommandTest.model(dir);
        assertTrue(a.models().list().data().stream().anyMatch(m -> m.id().equals("tiny-llama")));
        assertEquals("tiny-llama", a.fineTuning().jobs().create(JobCreateParams.builder().model("tiny-llama")
                .trainingFile(trainingFile).build()).model());
    }

    @Test
    void listPaginatesNewestFirstAndFiltersByMetadata() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(b.fineTuning().jobs().create(JobCreateParams.builder().model("gpt-4o-mini")
                    .trainingFile(upload(b, Datasets.chat(10)))
                    .metadata(JobCreateParams.Metadata.builder().putAdditionalProperty("batch",
                            JsonValue.from(i % 2 == 0 ? "even" : "odd")).build()).build()).id());
        }
        var first = b.fineTuning().jobs().list(JobListParams.builder().limit(2L).build());
        assertEquals(List.of(ids.get(4), ids.get(3)), first.data().stream().map(FineTuningJob::id).toList());
        assertTrue(first.hasMore().orElseThrow());
        List<String> all = new ArrayList<>();
        first.autoPager().forEach(j -> all.add(j.id()));
        assertEquals(ids.reversed(), all);

        List<String> odd = new ArrayList<>();
        b.fineTuning().jobs().list(JobListParams.builder().limit(1L).metadata(JobListParams.Metadata.builder()
                .putAdditionalProperty("batch", "odd").build()).build()).autoPager().forEach(j -> odd.add(j.id()));
        assertEquals(List.of(ids.get(3), ids.get(1)), odd);
    }

    @Test
    void checkpointsPageNewestFirstWithCursors() throws Exception {
        String id = a.fineTuning().jobs().create(job().build()).id();
        List<String> ids = new ArrayList<>();
        try (SqliteDatabase db = SqliteDatabase.open(home.resolve("hone.db"))) {
            for (int step = 10; step <= 30; step += 10) {
                ObjectNode metrics = JsonNodeFactory.instance.objectNode().put("step", step).put("train_loss", 1.5);
                CheckpointDao.Checkpoint k = new CheckpointDao.Checkpoint(Ids.next(Ids.CHECKPOINT), id, 1_800_000_000L,
                        step, "ft:gpt-4o-mini-2024-07-18:org-a::abcd1234:ckpt-step-" + step, metrics);
                db.transaction("checkpoint", c -> {
                    CheckpointDao.insert(c, k);
                    return null;
                });
                ids.add(k.id());
            }
        }
        var page = a.fineTuning().jobs().checkpoints().list(CheckpointListParams.builder().fineTuningJobId(id)
                .limit(2L).build());
        assertEquals(List.of(ids.get(2), ids.get(1)), page.data().stream().map(FineTuningJobCheckpoint::id).toList());
        assertEquals(30L, page.data().getFirst().stepNumber());
        List<Long> steps = new ArrayList<>();
        page.autoPager().forEach(k -> steps.add(k.stepNumber()));
        assertEquals(List.of(30L, 20L, 10L), steps);
    }

    @Test
    void eventsPageWithAfter() {
        String id = a.fineTuning().jobs().create(job().build()).id();
        a.fineTuning().jobs().cancel(id);
        var events = a.fineTuning().jobs().listEvents(JobListEventsParams.builder().fineTuningJobId(id).limit(1L)
                .build());
        assertEquals("Fine-tuning job cancelled", events.data().getFirst().message());
        List<String> all = new ArrayList<>();
        events.autoPager().forEach(e -> all.add(e.message()));
        assertEquals(all.size(), all.stream().distinct().count());
        assertEquals("Created fine-tuning job: " + id, all.getLast());
    }

    @Test
    void cancelPauseResumeAndStateConflictsAre400() throws InterruptedException {
        String id = a.fineTuning().jobs().create(job().build()).id();
        awaitValidated(a, id);
        BadRequestException resumeQueued = assertThrows(BadRequestException.class,
                () -> a.fineTuning().jobs().resume(id));
        assertEquals("invalid_job_state", resumeQueued.code().orElseThrow());

        OpenAIClient lenient = server.lenientClient(TestServer.KEY_A);
        assertEquals("paused", lenient.fineTuning().jobs().pause(id).status().toString());
        assertEquals(FineTuningJob.Status.QUEUED, a.fineTuning().jobs().resume(id).status());

        FineTuningJob cancelled = a.fineTuning().jobs().cancel(id);
        assertEquals(FineTuningJob.Status.CANCELLED, cancelled.status());
        assertTrue(cancelled.finishedAt().isPresent());
        BadRequestException again = assertThrows(BadRequestException.class, () -> a.fineTuning().jobs().cancel(id));
        assertEquals(400, again.statusCode());
        assertThrows(BadRequestException.class, () -> a.fineTuning().jobs().pause(id));
    }

    @Test
    void unknownAndForeignJobsAre404() {
        String id = a.fineTuning().jobs().create(job().build()).id();
        for (OpenAIClient c : List.of(a, b)) {
            String target = c == a ? "ftjob-doesnotexist" : id;
            NotFoundException e = assertThrows(NotFoundException.class, () -> c.fineTuning().jobs().retrieve(target));
            assertEquals("fine_tune_not_found", e.code().orElseThrow());
            assertThrows(NotFoundException.class, () -> c.fineTuning().jobs().cancel(target));
            assertThrows(NotFoundException.class, () -> c.fineTuning().jobs().listEvents(target));
            assertThrows(NotFoundException.class, () -> c.fineTuning().jobs().checkpoints().list(target));
        }
        assertFalse(b.fineTuning().jobs().list().data().stream().anyMatch(j -> j.id().equals(id)));
    }

    @Test
    void failedValidationSetsErrorCodeMessageAndParam() throws InterruptedException {
        FineTuningJob tooFew = awaitValidated(a, a.fineTuning().jobs().create(JobCreateParams.builder()
                .model("gpt-4o-mini").trainingFile(upload(a, Datasets.chat(7))).build()).id());
        assertEquals(FineTuningJob.Status.FAILED, tooFew.status());
        FineTuningJob.Error e = tooFew.error().orElseThrow();
        assertEquals("invalid_n_examples", e.code());
        assertEquals("training_file", e.param().orElseThrow());
        assertEquals("Training file has 7 example(s), but must have at least 10 examples", e.message());
        FineTuningJobEvent last = a.fineTuning().jobs().listEvents(tooFew.id()).data().getFirst();
        assertEquals(FineTuningJobEvent.Level.ERROR, last.level());
        assertEquals(e.message(), last.message());

        String badRole = Datasets.chat(12).replaceFirst("(?s)^((?:[^\\n]*\\n){2})\\{\"messages\":\\[\\{\"role\":\"system\"",
                "$1{\"messages\":[{\"role\":\"wizard\"");
        FineTuningJob roleJob = awaitValidated(a, a.fineTuning().jobs().create(job()
                .validationFile(upload(a, badRole)).build()).id());
        assertEquals(FineTuningJob.Status.FAILED, roleJob.status());
        FineTuningJob.Error re = roleJob.error().orElseThrow();
        assertEquals("validation_file", re.param().orElseThrow());
        assertEquals("invalid_training_file", re.code());
        assertTrue(re.message().contains("Example 3"), re.message());

        FineTuningJob wrongFormat = awaitValidated(a, a.fineTuning().jobs().create(job().method(
                JobCreateParams.Method.builder().type(JobCreateParams.Method.Type.DPO).build()).build()).id());
        assertEquals(FineTuningJob.Status.FAILED, wrongFormat.status());
        assertTrue(wrongFormat.error().orElseThrow().message().contains("fine-tune-chat"),
                wrongFormat.error().orElseThrow().message());
    }

    static void assertBad(String param, JobCreateParams params) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> a.fineTuning().jobs().create(params));
        assertEquals(param, e.param().orElse(null), e.getMessage());
    }

    @Test
    @SuppressWarnings("deprecation") // top-level hyperparameters are deprecated but still accepted
    void parameterErrorsNameTheirParam() throws Exception {
        BadRequestException unknownFile = assertThrows(BadRequestException.class,
                () -> a.fineTuning().jobs().create(JobCreateParams.builder().model("gpt-4o-mini")
                        .trainingFile("file-nope").build()));
        assertEquals("training_file", unknownFile.param().orElseThrow());
        assertTrue(unknownFile.getMessage().contains("invalid training_file: file-nope"), unknownFile.getMessage());
        assertBad("training_file", JobCreateParams.builder().model("gpt-4o-mini")
                .trainingFile(upload(b, Datasets.chat(10))).build());
        assertBad("validation_file", job().validationFile("file-nope").build());
        assertBad("model", JobCreateParams.builder().model("gpt-9").trainingFile(trainingFile).build());
        assertBad("suffix", job().suffix("x".repeat(65)).build());
        assertBad("seed", job().seed(-1L).build());
        assertBad("method.supervised.hyperparameters.n_epochs", job().method(JobCreateParams.Method.builder()
                .type(JobCreateParams.Method.Type.SUPERVISED).supervised(SupervisedMethod.builder()
                        .hyperparameters(SupervisedHyperparameters.builder().nEpochs(51L).build()).build()).build())
                .build());
        assertBad("hyperparameters.batch_size", job().hyperparameters(JobCreateParams.Hyperparameters.builder()
                .batchSize(0L).build()).build());
        assertBad("hyperparameters.learning_rate_multiplier", job().hyperparameters(
                JobCreateParams.Hyperparameters.builder().learningRateMultiplier(0.0).build()).build());
        assertBad("method.dpo.hyperparameters.beta", job().method(JobCreateParams.Method.builder()
                .type(JobCreateParams.Method.Type.DPO).dpo(DpoMethod.builder().hyperparameters(
                        DpoHyperparameters.builder().beta(2.5).build()).build()).build()).build());
        int before = a.fineTuning().jobs().list(JobListParams.builder().limit(1000L).build()).data().size();
        String[][] raw = {
            {"{\"model\":\"gpt-4o-mini\"}", "training_file"},
            {"{\"model\":7,\"training_file\":\"" + trainingFile + "\"}", "model"},
            {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + trainingFile + "\",\"metadata\":{\"k\":1}}",
                "metadata.k"},
            {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + trainingFile
                + "\",\"integrations\":[{\"type\":\"wandb\",\"wandb\":{}}]}", "integrations[0].wandb.project"},
            {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + trainingFile
                + "\",\"method\":{\"type\":\"magic\"}}", "method.type"},
            {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + trainingFile + "\",\"seed\":\"1\"}", "seed"},
            {"{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + trainingFile + "\",\"colour\":1}", "colour"},
        };
        for (String[] c : raw) {
            var res = server.raw("POST", "/fine_tuning/jobs", "application/json",
                    c[0].getBytes(StandardCharsets.UTF_8), TestServer.KEY_A);
            assertEquals(400, res.statusCode(), c[0]);
            assertEquals(c[1], Datasets.errorParam(res.body()), res.body());
        }
        assertEquals(before, a.fineTuning().jobs().list(JobListParams.builder().limit(1000L).build()).data().size());
    }
}
