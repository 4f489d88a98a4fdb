package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.model.gpt2.Gpt2Weights;
import dev.hone.engine.model.llama.LlamaWeights;
import dev.hone.engine.optim.AdamW;
import dev.hone.engine.optim.AdamWConfig;
import dev.hone.engine.optim.TrainableTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Logits, loss, accuracy, every parameter gradient and 5 AdamW steps against an independent PyTorch implementation.
 * Fixtures: {@code engine/src/test/resources/golden/<model>/}, written by
 * {@code bench/reference/make_golden.py}. Tolerance: max |java − torch| ≤ 1e-4 · max |torch| per tensor.
 */
class GoldenTest {
    static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "qwen3", "gpt2"})
    void logitsLossAndGradientsMatchPyTorch(String name) throws Exception {
        Path dir = fixture(name);
        JsonNode g = golden(dir);
        CausalLm model = ModelLoader.load(dir, BaseWeights.TRAINABLE);
        StepResult r = model.forward(batch(g));
        List<String> report = new ArrayList<>();
        try (TensorStore ref = TensorStore.openFile(dir.resolve("golden.safetensors"))) {
            compare(report, "logits", model.logits(), ref.floats("logits"));
            model.backward();
            for (Parameter p : model.parameters()) {
                boolean gpt2 = model.config().family() == ModelConfig.Family.GPT2;
                String hf = gpt2 ? Gpt2Weights.hfName(p.name()) : LlamaWeights.hfName(p.name());
                float[] mine = gpt2 && Gpt2Weights.isConv1d(p.name()) ? transpose(p.grad(), p.shape()) : p.grad();
                compare(report, "grad." + hf, mine, ref.floats("grad." + hf));
            }
        }
        System.out.println(name + " max |diff| per tensor:\n  " + String.join("\n  ", report));
        assertEquals(g.get("loss").asDouble(), r.loss(), TOLERANCE * g.get("loss").asDouble(), "loss");
        assertEquals(g.get("accuracy").asDouble(), r.accuracy(), 1e-6, "accuracy");
        assertEquals(countWeighted(g), r.weightedTokens(), "weighted tokens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2", "qwen3", "gpt2"})
    void lossOverFiveAdamWStepsMatchesPyTorch(String name) throws Exception {
        Path dir = fixture(name);
        JsonNode g = golden(dir);
        JsonNode opt = g.get("adamw");
        CausalLm model = ModelLoader.load(dir, BaseWeights.TRAINABLE);
        List<TrainableTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters().trainable()) {
            tensors.add(new TrainableTensor(p.name(), p.data(), p.grad(), true));
        }
        AdamW adamw = new AdamW(new AdamWConfig(opt.get("beta1").asDouble(), opt.get("beta2").asDouble(),
                opt.get("eps").asDouble(), opt.get("weight_decay").asDouble()), tensors);
        Batch batch = batch(g);
        List<String> report = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            model.zeroGrad();
            float loss = model.forward(batch).loss();
            model.backward();
            adamw.step(opt.get("lr").asDouble());
            double expected = g.get("adamw_losses").get(step).asDouble();
            report.add(String.format("step %d: java %.7f torch %.7f", step + 1, loss, expected));
            assertEquals(expected, loss, TOLERANCE * expected, name + " loss at step " + (step + 1));
        }
        System.out.println(name + " AdamW losses:\n  " + String.join("\n  ", report));
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(GoldenTest.class.getResource("/golden/" + name + "/golden.json").toURI()).getParent();
    }

    static JsonNode golden(Path dir) throws IOException {
        return new ObjectMapper().readTree(Files.readString(dir.resolve("golden.json")));
    }

    static Batch batch(JsonNode g) {
        int n = g.get("B").asInt() * g.get("T").asInt();
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) g.get("loss_weights").get(i).asDouble();
        }
        return new Batch(g.get("B").asInt(), g.get("T").asInt(), ints(g.get("tokens")), ints(g.get("targets")),
                ints(g.get("positions")), ints(g.get("segments")), w);
    }

    private static int countWeighted(JsonNode g) {
        int n = 0;
        for (JsonNode w : g.get("loss_weights")) {
            n += w.asInt();
        }
        return n;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static float[] transpose(float[] x, int[] shape) {
        float[] out = new float[x.length];
        for (int r = 0; r < shape[0]; r++) {
            for (int c = 0; c < shape[1]; c++) {
                out[c * shape[0] + r] = x[r * shape[1] + c];
            }
        }
        return out;
    }

    private static void compare(List<String> report, String name, float[] mine, float[] ref) {
        assertEquals(ref.length, mine.length, name + " length");
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < ref.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) mine[i] - ref[i]));
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
        }
        report.add(String.format("%-48s max|diff| %.3e  max|ref| %.3e", name, maxDiff, maxRef));
        assertTrue(maxDiff <= TOLERANCE * Math.max(maxRef, 1e-6), name + ": max |diff| " + maxDiff
                + " exceeds " + TOLERANCE + " × max |ref| " + maxRef);
    }
}
