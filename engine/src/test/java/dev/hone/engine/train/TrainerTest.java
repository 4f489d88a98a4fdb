package dev.hone.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelLoader;
import dev.hone.engine.model.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The recipe's observable behaviour: metrics, validation, checkpoint layouts, cancel, divergence. */
class TrainerTest {
    @TempDir
    Path tmp;

    @Test
    void stepsReportMetricsAndEpochEndsValidateAndCheckpoint() throws IOException {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.LLAMA, 1);
        List<TokenizedExample> data = TrainingFixtures.examples(12, 16, 2);
        List<TokenizedExample> held = TrainingFixtures.examples(5, 16, 3);
        TrainingFixtures.Recorder rec = new TrainingFixtures.Recorder();
        TrainingResult result = Trainer.run(TrainingSpec.of(model, data, held, TrainingFixtures.hyperparameters(),
                tmp.resolve("out")), rec);
        assertEquals(new TrainingResult(TrainingResult.Status.COMPLETED, 6, 6, tmp.resolve("out/final")), result);
        long targets = data.stream().mapToLong(e -> e.targetsWithin(16)).sum();
        assertEquals(2 * targets, rec.steps.stream().mapToLong(StepMetrics::tokens).sum(), "every target, twice");
        StepMetrics first = rec.steps.get(0);
        assertEquals(1, first.step());
        assertEquals(6, first.totalSteps());
        assertEquals(1.5e-3, first.learningRate(), 1e-12, "half-way through 2 warmup steps");
        assertTrue(first.gradNorm() > 0 && first.accuracy() >= 0 && first.accuracy() <= 1);
        assertTrue(first.inputTokens() >= first.tokens());
        assertEquals(List.of(3L, 6L), rec.validations.stream().map(ValidationMetrics::step).toList());
        long heldTargets = held.stream().mapToLong(e -> e.targetsWithin(16)).sum();
        assertEquals(heldTargets, rec.validations.get(0).tokens());
        assertTrue(rec.validations.get(1).loss() < rec.validations.get(0).loss() + 0.5);
        assertEquals(List.of(3L, 6L), rec.checkpoints.stream().map(Checkpoint::step).toList());
        Path ckpt = tmp.resolve("out/checkpoints/step-3");
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "trainer_state.json",
                "optimizer.json", "optimizer.safetensors")) {
            assertTrue(Files.isRegularFile(ckpt.resolve(f)), f);
        }
        try (var entries = Files.list(tmp.resolve("out/checkpoints"))) {
            assertEquals(List.of("step-3", "step-6"), entries.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary directories left behind");
        }
    }

    @Test
    void fullResultIsAHuggingFaceDirectoryThatLoadsBackToTheSameModel() {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.GPT2, 1);
        Trainer trainer = new Trainer(TrainingSpec.of(model, TrainingFixtures.examples(8, 16, 2), List.of(),
                TrainingFixtures.hyperparameters(), tmp.resolve("out")));
        trainer.setup();
        TrainingResult result = trainer.train(new TrainingListener() { });
        assertTrue(Files.isRegularFile(result.weights().resolve("tokenizer.json")));
        CausalLm reloaded = ModelLoader.load(result.weights(), BaseWeights.FROZEN);
        for (Parameter p : trainer.model().parameters()) {
            assertArrayEquals(p.data(), reloaded.parameters().get(p.name()).data(), 0f, p.name());
        }
        CausalLm base = ModelLoader.load(model, BaseWeights.FROZEN);
        assertFalse(Arrays.equals(base.parameters().get("h0.qkvw").data(),
                reloaded.parameters().get("h0.qkvw").data()), "training changed the weights");
    }

    @Test
    void loraResultIsAPeftAdapterAndTheBaseStaysFrozen() throws IOException {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.LLAMA, 1);
        Trainer trainer = new Trainer(TrainingSpec.of(model, TrainingFixtures.examples(8, 16, 2), List.of(),
                TrainingFixtures.hyperparameters().withLora(4, 8, 0.0, List.of("q", "v", "down")), tmp.resolve("o")));
        trainer.setup();
        assertEquals(2 * 3 * 2, trainer.model().parameters().trainable().size(), "A and B of 3 targets x 2 layers");
        TrainingResult result = trainer.train(new TrainingListener() { });
        JsonNode cfg = new ObjectMapper().readTree(result.weights().resolve(PeftAdapter.CONFIG).toFile());
        assertEquals("LORA", cfg.get("peft_type").asText());
        assertEquals(4, cfg.get("r").asInt());
        assertEquals(8.0, cfg.get("lora_alpha").asDouble());
        assertEquals("[\"down_proj\",\"q_proj\",\"v_proj\"]", cfg.get("target_modules").toString());
        Map<String, float[]> t = TrainingFixtures.tensors(result.weights().resolve(PeftAdapter.WEIGHTS));
        assertEquals(12, t.size());
        assertEquals(4 * 24, t.get("base_model.model.model.layers.1.mlp.down_proj.lora_A.weight").length, "(r, FF)");
        assertEquals(16 * 4, t.get("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight").length);
        assertFalse(Files.exists(result.weights().resolve("model.safetensors")), "the base is not copied");
        CausalLm base = ModelLoader.load(model, BaseWeights.FROZEN);
        for (Parameter p : base.parameters()) {
            assertArrayEquals(p.data(), trainer.model().parameters().get(p.name()).data(), 0f, "frozen " + p.name());
        }
        // the saved adapter, applied to a freshly loaded base, gives the trained model's logits
        PeftAdapter.load(base, result.weights());
        int[] tokens = new int[16];
        for (int i = 0; i < 16; i++) {
            tokens[i] = (i * 7 + 3) % 16;
        }
        Batch batch = Batch.of(1, 16, tokens, new int[16]);
        trainer.model().forward(batch);
        float[] expected = trainer.model().logits().clone();
        base.forward(batch);
        assertArrayEquals(expected, base.logits(), 0f);
    }

    @Test
    void cancelStopsWithinTheStepAndWritesNothing() {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.LLAMA, 1);
        TrainingFixtures.Recorder rec = new TrainingFixtures.Recorder(4, TrainingListener.Control.CANCEL);
        TrainingResult result = Trainer.run(TrainingSpec.of(model, TrainingFixtures.examples(12, 16, 2), List.of(),
                TrainingFixtures.hyperparameters(), tmp.resolve("c")), rec);
        assertEquals(TrainingResult.Status.CANCELLED, result.status());
        assertNull(result.weights());
        assertTrue(result.steps() < 3);
        assertFalse(Files.exists(tmp.resolve("c/final")));
    }

    @Test
    void aNonFiniteStepFailsNamingTheStep() {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.LLAMA, 1);
        Hyperparameters hp = TrainingFixtures.hyperparameters().withLearningRate(1e38).withOptimizer(0, 0)
                .withSchedule(0, dev.hone.engine.optim.LrSchedule.Decay.CONSTANT, 1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.run(
                TrainingSpec.of(model, TrainingFixtures.examples(12, 16, 2), List.of(), hp, tmp.resolve("d")),
                new TrainingListener() { }));
        assertTrue(e.step() >= 2, "step " + e.step());
        assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("learning rate"),
                e.getMessage());
    }

    @Test
    void trainingLowersTheLossOfARepeatedBatch() {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.LLAMA, 1);
        List<TokenizedExample> data = TrainingFixtures.examples(4, 16, 5);
        Trainer trainer = new Trainer(TrainingSpec.of(model, data, data, TrainingFixtures.hyperparameters()
                .withEpochs(10).withLearningRate(1e-2), tmp.resolve("l")));
        trainer.setup();
        double before = trainer.validate().loss();
        trainer.train(new TrainingListener() { });
        assertTrue(trainer.validate().loss() < before - 0.5, before + " -> " + trainer.validate().loss());
    }

    @Test
    void accumulatingMicroBatchesEqualsOneLargeBatch() {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.LLAMA, 1);
        List<TokenizedExample> data = TrainingFixtures.examples(12, 16, 2);
        Hyperparameters hp = TrainingFixtures.hyperparameters();
        TrainingFixtures.Recorder small = new TrainingFixtures.Recorder();
        TrainingResult a = Trainer.run(TrainingSpec.of(model, data, List.of(), hp, tmp.resolve("a")), small);
        TrainingFixtures.Recorder large = new TrainingFixtures.Recorder();
        TrainingResult b = Trainer.run(TrainingSpec.of(model, data, List.of(),
                hp.withMicroBatch(4, 16, hp.layout()), tmp.resolve("b")), large);
        for (int i = 0; i < small.losses.size(); i++) {
            assertEquals(large.losses.get(i), small.losses.get(i), 1e-5, "step " + (i + 1) + " loss");
            assertEquals(large.steps.get(i).gradNorm(), small.steps.get(i).gradNorm(), 1e-5, "step " + (i + 1));
        }
        Map<String, float[]> wa = TrainingFixtures.tensors(a.weights().resolve("model.safetensors"));
        Map<String, float[]> wb = TrainingFixtures.tensors(b.weights().resolve("model.safetensors"));
        for (String name : wa.keySet()) {
            assertArrayEquals(wb.get(name), wa.get(name), 1e-5f, name);
        }
    }

    @Test
    void dataThatDoesNotFitTheModelIsRefusedBeforeTraining() {
        Path model = TrainingFixtures.modelDir(tmp, TrainingFixtures.LLAMA, 1);
        List<TokenizedExample> data = List.of(new TokenizedExample(new int[] {1, 2, 16}, new boolean[] {false, true,
            true}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingSpec.of(
                model, data, List.of(), TrainingFixtures.hyperparameters(), tmp.resolve("v"))).setup());
        assertTrue(e.getMessage().contains("token id 16") && e.getMessage().contains("16 ids"), e.getMessage());
        Hyperparameters tooLong = TrainingFixtures.hyperparameters().withMicroBatch(1, 64,
                TrainingFixtures.hyperparameters().layout());
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingSpec.of(model,
                TrainingFixtures.examples(4, 16, 1), List.of(), tooLong, tmp.resolve("w"))).setup());
        assertTrue(e.getMessage().contains("at most 32"), e.getMessage());
    }
}
