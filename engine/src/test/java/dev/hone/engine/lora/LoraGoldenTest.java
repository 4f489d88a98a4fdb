package dev.hone.engine.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelLoader;
import dev.hone.engine.model.StepResult;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PEFT-layout adapter written by {@code bench/reference/make_golden.py} (plain PyTorch) on the golden
 * Llama: loading it gives PyTorch's logits and loss, and the adapter gradients match. Tolerance as in
 * the model golden tests: max |java − torch| ≤ 1e-4 · max |torch| per tensor.
 */
class LoraGoldenTest {
    private static Path fixture() throws URISyntaxException {
        return Path.of(LoraGoldenTest.class.getResource("/golden/llama/golden.json").toURI()).getParent();
    }

    @Test
    void peftAdapterFromPyTorchGivesItsLogitsLossAndGradients() throws Exception {
        Path dir = fixture();
        var g = new ObjectMapper().readTree(Files.readString(dir.resolve("golden.json")));
        double refLoss = new ObjectMapper().readTree(Files.readString(dir.resolve("lora/golden.json")))
                .get("loss").asDouble();
        CausalLm model = ModelLoader.load(dir, BaseWeights.FROZEN);
        Lora lora = PeftAdapter.load(model, dir.resolve("lora"));
        assertEquals(6, lora.adapters().size());
        int n = g.get("tokens").size();
        int[][] ints = new int[4][n];
        float[] weights = new float[n];
        String[] keys = {"tokens", "targets", "positions", "segments"};
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                ints[k][i] = g.get(keys[k]).get(i).asInt();
            }
            weights[i] = (float) g.get("loss_weights").get(i).asDouble();
        }
        StepResult r = model.forward(new Batch(g.get("B").asInt(), g.get("T").asInt(), ints[0], ints[1], ints[2],
                ints[3], weights));
        List<String> report = new ArrayList<>();
        try (TensorStore ref = TensorStore.openFile(dir.resolve("lora/golden.safetensors"))) {
            compare(report, "logits", model.logits(), ref.floats("logits"));
            model.backward();
            for (Map.Entry<String, LoraAdapter> e : lora.adapters().entrySet()) {
                String a = PeftAdapter.tensorName(e.getKey(), "lora_A");
                String b = PeftAdapter.tensorName(e.getKey(), "lora_B");
                compare(report, "grad." + a, e.getValue().a().grad(), ref.floats("grad." + a));
                compare(report, "grad." + b, e.getValue().b().grad(), ref.floats("grad." + b));
            }
        }
        System.out.println("llama LoRA max |diff| per tensor:\n  " + String.join("\n  ", report));
        assertEquals(refLoss, r.loss(), 1e-4 * refLoss, "loss");
    }

    private static void compare(List<String> report, String name, float[] mine, float[] ref) {
        assertEquals(ref.length, mine.length, name + " length");
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < ref.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) mine[i] - ref[i]));
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
        }
        report.add(String.format("%-64s max|diff| %.3e  max|ref| %.3e", name, maxDiff, maxRef));
        assertTrue(maxDiff <= 1e-4 * Math.max(maxRef, 1e-6), name + ": max |diff| " + maxDiff + " vs max |ref| " + maxRef);
    }
}
