package dev.hone.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exact resume and determinism (issue 3 item 5): (run N steps) equals (run, pause after k, resume in a new
 * Trainer, run to N) bit for bit, in losses and final weights, for full fine-tuning and LoRA with dropout;
 * the same seed gives the same run, another seed another one.
 */
class TrainerResumeTest {
    @TempDir
    Path tmp;

    private record Run(List<Double> losses, Map<String, float[]> weights) {
    }

    private Run baseline(TrainingSpec spec) {
        TrainingFixtures.Recorder rec = new TrainingFixtures.Recorder();
        TrainingResult result = Trainer.run(spec, rec);
        assertEquals(TrainingResult.Status.COMPLETED, result.status());
        return new Run(rec.losses, weights(result.weights(), spec.hyperparameters().method()));
    }

    private static Map<String, float[]> weights(Path dir, TrainingMethod method) {
        return TrainingFixtures.tensors(dir.resolve(method == TrainingMethod.LORA ? PeftAdapter.WEIGHTS
                : "model.safetensors"));
    }

    /** Pauses at the given poll, resumes from the pause checkpoint with a fresh Trainer, runs to the end. */
    private Run pausedAndResumed(TrainingSpec spec, int pauseAtPoll) {
        TrainingFixtures.Recorder first = new TrainingFixtures.Recorder(pauseAtPoll,
                TrainingListener.Control.PAUSE);
        TrainingResult paused = Trainer.run(spec, first);
        assertEquals(TrainingResult.Status.PAUSED, paused.status(), "poll " + pauseAtPoll);
        TrainingFixtures.Recorder second = new TrainingFixtures.Recorder();
        TrainingSpec resumed = new TrainingSpec(spec.modelDir(), spec.examples(), spec.validationExamples(),
                spec.hyperparameters(), tmp.resolve("resumed-" + pauseAtPoll), paused.weights(), 0);
        TrainingResult done = Trainer.run(resumed, second);
        assertEquals(TrainingResult.Status.COMPLETED, done.status());
        List<Double> losses = new ArrayList<>(first.losses);
        losses.addAll(second.losses);
        return new Run(losses, weights(done.weights(), spec.hyperparameters().method()));
    }

    private static void assertSameRun(Run expected, Run actual, String what) {
        assertEquals(expected.losses(), actual.losses(), what + ": losses");
        assertEquals(expected.weights().keySet(), actual.weights().keySet(), what + ": tensor names");
        for (String name : expected.weights().keySet()) {
            assertArrayEquals(expected.weights().get(name), actual.weights().get(name), 0f, what + ": " + name);
        }
    }

    private TrainingSpec spec(ModelConfig config, Hyperparameters hp, String out) {
        Path model = TrainingFixtures.modelDir(tmp, config, 3);
        List<TokenizedExample> data = TrainingFixtures.examples(12, config.V(), 11);
        return TrainingSpec.of(model, data, List.of(), hp, tmp.resolve(out));
    }

    @Test
    void fullFineTuningResumesBitwiseAtStepBoundariesAndMidStep() {
        TrainingSpec spec = spec(TrainingFixtures.LLAMA, TrainingFixtures.hyperparameters(), "full");
        Run base = baseline(spec);
        assertEquals(6, base.losses().size());
        // polls happen once per micro-batch; these land at the start of a step and inside one
        for (int poll : new int[] {1, 2, 5, 9}) {
            assertSameRun(base, pausedAndResumed(spec, poll), "pause at poll " + poll);
        }
    }

    @Test
    void resumingFromAnEpochEndCheckpointContinuesBitwise() {
        TrainingSpec spec = spec(TrainingFixtures.GPT2, TrainingFixtures.hyperparameters(), "gpt2");
        Run base = baseline(spec);
        Path epochEnd = spec.outputDir().resolve("checkpoints").resolve("step-3");
        TrainingFixtures.Recorder rest = new TrainingFixtures.Recorder();
        TrainingResult done = Trainer.run(new TrainingSpec(spec.modelDir(), spec.examples(), List.of(),
                spec.hyperparameters(), tmp.resolve("gpt2-resumed"), epochEnd, 0), rest);
        assertEquals(base.losses().subList(3, 6), rest.losses);
        assertSameRun(base, new Run(base.losses(), weights(done.weights(), TrainingMethod.FULL)), "from step-3");
    }

    @Test
    void loraWithDropoutResumesBitwise() {
        Hyperparameters hp = TrainingFixtures.hyperparameters().withLora(4, 8, 0.1, List.of())
                .withLearningRate(1e-2);
        TrainingSpec spec = spec(TrainingFixtures.LLAMA, hp, "lora");
        Run base = baseline(spec);
        assertTrue(base.weights().containsKey("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
        for (int poll : new int[] {1, 3, 6}) {
            assertSameRun(base, pausedAndResumed(spec, poll), "LoRA pause at poll " + poll);
        }
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        Hyperparameters hp = TrainingFixtures.hyperparameters();
        Run a = baseline(spec(TrainingFixtures.LLAMA, hp, "a"));
        Run b = baseline(spec(TrainingFixtures.LLAMA, hp, "b"));
        assertSameRun(a, b, "same seed");
        Run c = baseline(spec(TrainingFixtures.LLAMA, hp.withSeed(8), "c"));
        assertNotEquals(a.losses(), c.losses(), "another seed shuffles the data differently");
        Run d = baseline(spec(TrainingFixtures.LLAMA, hp.withLora(4, 8, 0.1, List.of()), "d"));
        Run e = baseline(spec(TrainingFixtures.LLAMA, hp.withLora(4, 8, 0.1, List.of()).withSeed(8), "e"));
        assertNotEquals(d.losses(), e.losses());
    }

    @Test
    void resumingWithOtherHyperparametersOrDataIsRefused() {
        TrainingSpec spec = spec(TrainingFixtures.LLAMA, TrainingFixtures.hyperparameters(), "refuse");
        TrainingResult paused = Trainer.run(spec, new TrainingFixtures.Recorder(3, TrainingListener.Control.PAUSE));
        TrainingSpec otherLr = new TrainingSpec(spec.modelDir(), spec.examples(), List.of(),
                spec.hyperparameters().withLearningRate(1e-3), tmp.resolve("x"), paused.weights(), 0);
        UnableToResumeException e = assertThrows(UnableToResumeException.class, () -> new Trainer(otherLr).setup());
        assertTrue(e.getMessage().contains("same hyperparameters"), e.getMessage());
        TrainingSpec otherData = new TrainingSpec(spec.modelDir(), TrainingFixtures.examples(12, 16, 99), List.of(),
                spec.hyperparameters(), tmp.resolve("y"), paused.weights(), 0);
        e = assertThrows(UnableToResumeException.class, () -> new Trainer(otherData).setup());
        assertTrue(e.getMessage().contains("other data"), e.getMessage());
    }
}
