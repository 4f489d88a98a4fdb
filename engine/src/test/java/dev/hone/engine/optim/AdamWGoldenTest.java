package dev.hone.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * AdamW + clipping + schedule against golden values from PyTorch, written by
 * {@code bench/reference/adamw_golden.py} into {@code golden/adamw.json}. Tolerance 1e-6 relative.
 */
class AdamWGoldenTest {
    private static final double REL = 1e-6;

    static JsonNode golden() throws IOException {
        try (InputStream in = AdamWGoldenTest.class.getResourceAsStream("/golden/adamw.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            maxDiff = Math.max(maxDiff, diff);
            assertTrue(diff <= REL * Math.max(Math.abs(expected[i]), 1e-3),
                    what + "[" + i + "]: expected " + expected[i] + ", found " + actual[i] + " (diff " + diff + ")");
        }
    }

    @Test
    void sixStepsMatchPyTorch() throws IOException {
        JsonNode g = golden();
        float[] w = floats(g.at("/init/w"));
        float[] b = floats(g.at("/init/b"));
        float[] gw = new float[w.length];
        float[] gb = new float[b.length];
        AdamW opt = new AdamW(new AdamWConfig(g.get("beta1").asDouble(), g.get("beta2").asDouble(),
                g.get("eps").asDouble(), g.get("weight_decay").asDouble()),
                List.of(new TrainableTensor("w", w, gw, true), new TrainableTensor("b", b, gb, false)));
        LrSchedule schedule = new LrSchedule(g.get("peak_lr").asDouble(), g.get("warmup").asInt(),
                g.get("total").asInt(), LrSchedule.Decay.COSINE, g.get("min_lr_fraction").asDouble());
        int clipped = 0;
        for (int s = 0; s < g.get("steps").size(); s++) {
            JsonNode step = g.get("steps").get(s);
            System.arraycopy(floats(step.get("grad_w")), 0, gw, 0, gw.length);
            System.arraycopy(floats(step.get("grad_b")), 0, gb, 0, gb.length);
            float norm = GradientClipping.clipGlobalNorm(List.of(gw, gb), (float) g.get("max_norm").asDouble());
            assertClose(new float[] {(float) step.get("norm").asDouble()}, new float[] {norm}, "norm at step " + s);
            clipped += norm > 1 ? 1 : 0;
            assertClose(floats(step.get("clipped_grad_w")), gw, "clipped grad w at step " + s);
            double lr = schedule.lr(s);
            assertEquals(step.get("lr").asDouble(), lr, 1e-15, "lr at step " + s);
            opt.step(lr);
            assertClose(floats(step.get("w")), w, "w after step " + s);
            assertClose(floats(step.get("b")), b, "b after step " + s);
        }
        assertEquals(3, clipped, "the fixture exercises both clipped and unclipped steps");
        assertEquals(g.at("/final/step").asLong(), opt.stepCount());
        assertClose(floats(g.at("/final/exp_avg_w")), opt.firstMoment(0), "exp_avg w");
        assertClose(floats(g.at("/final/exp_avg_sq_w")), opt.secondMoment(0), "exp_avg_sq w");
        assertClose(floats(g.at("/final/exp_avg_b")), opt.firstMoment(1), "exp_avg b");
        assertClose(floats(g.at("/final/exp_avg_sq_b")), opt.secondMoment(1), "exp_avg_sq b");
    }
}
