package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import com.openai.models.finetuning.jobs.checkpoints.FineTuningJobCheckpoint;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.server.Datasets;
import dev.hone.server.TestServer;
import dev.hone.server.cli.HoneCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * A model fine-tuned by the runner on a tiny task (ten questions {@code q<i>} with answers {@code a<i>})
 * answers each training prompt with its trained answer through {@code /v1/chat/completions} (greedy),
 * while the untrained base does not; its checkpoints are servable too.
 */
class FineTunedInferenceTest {
    @TempDir
    Path home;

    @Test
    void fineTunedModelAnswersItsTrainingPrompts() throws Exception {
        Path models = home.resolve("models");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HoneCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute("model", "init", "--arch", "llama", "--layers", "2", "--hidden", "64", "--heads",
                "4", "--vocab", "320", "--context", "64", "--seed", "3", "--out", models.resolve(RunnerFixture.MODEL)
                        .toString()), err.toString());
        try (TestServer server = TestServer.startWithRunner(home.resolve("hone"), models,
                new RunnerConfig(1, TrainingMethod.FULL, 30, 50))) {
            OpenAIClient a = server.client(TestServer.KEY_A);
            String train = RunnerFixture.upload(a, Datasets.chat(10).repeat(3));
            String id = a.fineTuning().jobs().create(JobCreateParams.builder().model(RunnerFixture.MODEL)
                    .trainingFile(train).suffix("qa").seed(3L)
                    .hyperparameters(JobCreateParams.Hyperparameters.builder().nEpochs(50L).batchSize(2L)
                            .learningRateMultiplier(200.0).build()).build()).id();
            JsonNode j = RunnerFixture.await(server, id, "succeeded", "failed", "cancelled");
            assertEquals("succeeded", j.get("status").asText(), j.toString());
            String model = j.get("fine_tuned_model").asText();

            List<Double> losses = RunnerFixture.losses(server, id);
            assertTrue(losses.getLast() < 0.1, "training did not converge: " + losses.subList(losses.size() - 10,
                    losses.size()));
            int baseRight = 0;
            for (int i = 0; i < 10; i++) {
                assertEquals("a" + i, answer(a, model, "q" + i), "the fine-tuned answer to q" + i);
                baseRight += answer(a, RunnerFixture.MODEL, "q" + i).equals("a" + i) ? 1 : 0;
            }
            assertTrue(baseRight < 3, "the untrained base already answered " + baseRight + " of 10");

            List<FineTuningJobCheckpoint> ckpts = a.fineTuning().jobs().checkpoints().list(
                    CheckpointListParams.builder().fineTuningJobId(id).build()).data();
            String earlier = ckpts.get(ckpts.size() - 1).fineTunedModelCheckpoint();
            assertTrue(earlier.contains(":ckpt-step-"), earlier);
            ChatCompletion c = a.chat().completions().create(ask(earlier, "q0").build());
            assertEquals(earlier, c.model());
            Completion legacy = a.completions().create(CompletionCreateParams.builder().model(model)
                    .prompt("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nq4<|im_end|>\n"
                            + "<|im_start|>assistant\n").temperature(0.0).maxTokens(8).build());
            assertEquals("a4", legacy.choices().get(0).text().replace("<|im_end|>", "").strip());
        }
    }

    /** A LoRA fine-tune is served as base + adapter at run time: its logprobs differ from the base's. */
    @Test
    void loraModelIsServedWithItsAdapter() throws Exception {
        Path models = home.resolve("models");
        RunnerFixture.tinyModel(models, RunnerFixture.MODEL);
        try (TestServer server = TestServer.startWithRunner(home.resolve("hone"), models,
                new RunnerConfig(1, TrainingMethod.LORA, 30, 50))) {
            OpenAIClient a = server.client(TestServer.KEY_A);
            String train = RunnerFixture.upload(a, Datasets.chat(10));
            String id = a.fineTuning().jobs().create(JobCreateParams.builder().model(RunnerFixture.MODEL)
                    .trainingFile(train).suffix("lora").seed(3L)
                    .hyperparameters(JobCreateParams.Hyperparameters.builder().nEpochs(2L).batchSize(5L)
                            .learningRateMultiplier(50.0).build()).build()).id();
            JsonNode j = RunnerFixture.await(server, id, "succeeded", "failed", "cancelled");
            assertEquals("succeeded", j.get("status").asText(), j.toString());
            String model = j.get("fine_tuned_model").asText();
            double tuned = firstLogprob(a, model);
            double base = firstLogprob(a, RunnerFixture.MODEL);
            assertTrue(tuned != base, "the adapter changed nothing: " + tuned);
            assertEquals(base, firstLogprob(a, RunnerFixture.MODEL), "the base is unchanged by serving the adapter");
        }
    }

    private static double firstLogprob(OpenAIClient a, String model) {
        ChatCompletion c = a.chat().completions().create(ask(model, "q1").logprobs(true).maxCompletionTokens(1)
                .build());
        return c.choices().get(0).logprobs().orElseThrow().content().orElseThrow().get(0).logprob();
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String question) {
        return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Be brief.")
                .addUserMessage(question).temperature(0.0).maxCompletionTokens(8);
    }

    private static String answer(OpenAIClient client, String model, String question) {
        ChatCompletion c = client.chat().completions().create(ask(model, question).build());
        return c.choices().get(0).message().content().orElse("");
    }
}
