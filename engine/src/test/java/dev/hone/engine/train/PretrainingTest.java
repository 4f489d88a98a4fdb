package dev.hone.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.io.DType;
import dev.hone.engine.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Next-token pretraining: windows of the token stream, exact step counts, bitwise-reproducible losses. */
class PretrainingTest {
    private static final ModelConfig TINY = ModelConfig.llama(32, 16, 2, 2, 1, 24, 32, true);

    @TempDir
    Path tmp;

    /** A "text": a repeating pattern with seeded noise, so the loss has something to learn. */
    private static int[] stream(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = rng.nextInt(10) == 0 ? rng.nextInt(32) : (i * 7) % 32;
        }
        return s;
    }

    @Test
    void windowsCoverTheStreamInOrderWithEveryTokenATarget() {
        int[] s = stream(70, 1);
        List<TokenizedExample> w = Pretraining.windows(s, 16);
        assertEquals(4, w.size(), "70 tokens give 4 whole windows of 16; the 6-token tail is dropped");
        for (int i = 0; i < w.size(); i++) {
            assertArrayEquals(Arrays.copyOfRange(s, 16 * i, 16 * i + 16), w.get(i).ids());
            assertEquals(15, w.get(i).targetsWithin(16), "every token after the first is a target");
        }
        assertEquals(1, Pretraining.windows(stream(5, 1), 16).size(), "a short text is one shorter window");
        assertThrows(IllegalArgumentException.class, () -> Pretraining.windows(new int[] {3}, 16));
    }

    @Test
    void examplesRepeatTheWindowsToExactlyStepsTimesBatch() {
        List<TokenizedExample> w = Pretraining.windows(stream(48, 2), 16);
        List<TokenizedExample> ex = Pretraining.examples(w, new Pretraining.Settings(5, 2, 16, 1e-3, 0));
        assertEquals(10, ex.size());
        assertEquals(w.get(1), ex.get(4), "the fifth example is the second window again");
    }

    @Test
    void firstTwentyStepsAreBitwiseReproducibleAndLearn() throws IOException {
        Path model = tmp.resolve("init");
        ModelInit.write(TINY, 3, model);
        int[] text = stream(2_000, 4);
        Pretraining.Settings settings = new Pretraining.Settings(20, 4, 32, 3e-3, 42);
        TrainingFixtures.Recorder a = new TrainingFixtures.Recorder();
        TrainingFixtures.Recorder b = new TrainingFixtures.Recorder();
        TrainingResult ra = Pretraining.run(model, text, settings, tmp.resolve("wa"), tmp.resolve("a"), DType.BF16, a);
        Pretraining.run(model, text, settings, tmp.resolve("wb"), tmp.resolve("b"), DType.BF16, b);
        assertEquals(20, ra.steps());
        assertEquals(20, a.losses.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(Double.doubleToRawLongBits(a.losses.get(i)), Double.doubleToRawLongBits(b.losses.get(i)),
                    "step " + (i + 1) + ": " + a.losses.get(i) + " vs " + b.losses.get(i));
        }
        assertEquals(4 * 31, a.steps.get(0).tokens(), "4 windows of 32 tokens, 31 targets each");
        assertTrue(a.losses.get(19) < a.losses.get(0) - 0.25, "the loss falls: " + a.losses);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/model.safetensors")),
                Files.readAllBytes(tmp.resolve("b/model.safetensors")), "identical weights");
        Map<String, float[]> written = TrainingFixtures.tensors(tmp.resolve("a/model.safetensors"));
        assertTrue(new String(Files.readAllBytes(tmp.resolve("a/model.safetensors")), StandardCharsets.ISO_8859_1).contains("\"BF16\""), "stored as bf16");
        assertTrue(Files.readString(tmp.resolve("a/config.json")).contains("\"torch_dtype\" : \"bfloat16\""));

        TrainingFixtures.Recorder c = new TrainingFixtures.Recorder();
        Pretraining.run(model, text, new Pretraining.Settings(20, 4, 32, 3e-3, 43), tmp.resolve("wc"),
                tmp.resolve("c"), DType.BF16, c);
        assertNotEquals(a.losses, c.losses, "another seed visits the windows in another order");
        assertEquals(TrainingFixtures.tensors(tmp.resolve("init/model.safetensors")).keySet(), written.keySet());
    }
}
