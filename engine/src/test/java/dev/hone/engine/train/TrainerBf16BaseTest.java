package dev.hone.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.io.DType;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LoRA training on a bf16 base (kept bf16 by the loader) gives bitwise the losses and adapter of the
 * same training on that base widened to fp32, including across a pause and resume.
 */
class TrainerBf16BaseTest {
    @TempDir
    Path tmp;

    private Path[] bases(ModelConfig c) throws IOException {
        Path d16 = Files.createDirectories(tmp.resolve("bf16"));
        Path d32 = Files.createDirectories(tmp.resolve("f32"));
        for (Path d : List.of(d16, d32)) {
            ModelInit.writeConfig(c, d, -1, -1);
            Files.writeString(d.resolve("tokenizer.json"), "{\"stand-in\": true}");
        }
        HfModelFiles.writeWeights(ModelInit.random(c, 1), d16, DType.BF16);
        HfModelFiles.writeWeights(ModelLoader.load(d16, BaseWeights.TRAINABLE), d32, DType.F32);
        return new Path[] {d16, d32};
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2"})
    void loraOnABf16BaseTrainsExactlyAsOnItsFp32Widening(String family) throws IOException {
        ModelConfig c = family.equals("gpt2") ? TrainingFixtures.GPT2 : TrainingFixtures.LLAMA;
        Path[] bases = bases(c);
        List<TokenizedExample> data = TrainingFixtures.examples(12, 16, 2);
        Hyperparameters hp = TrainingFixtures.hyperparameters().withLora(4, 8, 0.0,
                family.equals("gpt2") ? LoraConfig.GPT2_TARGETS : LoraConfig.LLAMA_TARGETS);
        Trainer t16 = new Trainer(TrainingSpec.of(bases[0], data, List.of(), hp, tmp.resolve("o16")));
        t16.setup();
        assertTrue(t16.model().parameters().bytesByDtype().containsKey(DType.BF16), "the trainer's base stays bf16");
        TrainingFixtures.Recorder r16 = new TrainingFixtures.Recorder();
        TrainingResult res16 = t16.train(r16);
        TrainingFixtures.Recorder r32 = new TrainingFixtures.Recorder();
        TrainingResult res32 = Trainer.run(TrainingSpec.of(bases[1], data, List.of(), hp, tmp.resolve("o32")), r32);
        assertEquals(6, r16.losses.size());
        assertEquals(r32.losses, r16.losses);
        Map<String, float[]> a16 = TrainingFixtures.tensors(res16.weights().resolve(PeftAdapter.WEIGHTS));
        Map<String, float[]> a32 = TrainingFixtures.tensors(res32.weights().resolve(PeftAdapter.WEIGHTS));
        assertEquals(a32.keySet(), a16.keySet());
        for (String k : a32.keySet()) {
            assertArrayEquals(a32.get(k), a16.get(k), k);
        }

        // pause at the 4th poll, resume from the checkpoint: the same losses as the uninterrupted run
        TrainingFixtures.Recorder paused = new TrainingFixtures.Recorder(4, TrainingListener.Control.PAUSE);
        TrainingResult p = Trainer.run(TrainingSpec.of(bases[0], data, List.of(), hp, tmp.resolve("p16")), paused);
        assertEquals(TrainingResult.Status.PAUSED, p.status());
        TrainingFixtures.Recorder resumed = new TrainingFixtures.Recorder();
        TrainingResult done = Trainer.run(new TrainingSpec(bases[0], data, List.of(), hp, tmp.resolve("r16"),
                p.weights(), 0), resumed);
        assertEquals(TrainingResult.Status.COMPLETED, done.status());
        List<Double> all = new ArrayList<>(paused.losses);
        all.addAll(resumed.losses);
        assertEquals(r16.losses, all);
    }
}
