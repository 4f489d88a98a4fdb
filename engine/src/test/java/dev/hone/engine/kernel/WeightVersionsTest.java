package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.layer.GradCheck;
import dev.hone.engine.optim.AdamW;
import dev.hone.engine.optim.AdamWConfig;
import dev.hone.engine.optim.TrainableTensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** A packed weight is reused only while its version holds: no matmul may read a weight stale. */
class WeightVersionsTest {
    private static final int BT = 9;
    private static final int C = 70;
    private static final int OC = 100;


    private static float[] reference(float[] inp, float[] weight) {
        float[] out = new float[BT * OC];
        MatmulReference.forward(out, inp, weight, null, BT, C, OC);
        return out;
    }

    private static float[] vector(float[] inp, float[] weight) {
        float[] out = new float[BT * OC];
        MatmulVector.forward(out, inp, weight, null, BT, C, OC, 2);
        return out;
    }

    @Test
    void aTrackedWeightIsPackedOnceAndRepackedAfterEveryReportedWrite() {
        Random rng = new Random(11);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        WeightVersions.track(weight);
        assertArrayEquals(reference(inp, weight), vector(inp, weight));
        long version = WeightVersions.version(weight);
        PackedB first = PackedWeights.forward(weight, C, OC, 1);
        assertTrue(first == PackedWeights.forward(weight, C, OC, 1), "the same version must reuse its packing");
        weight[5] += 1f;
        WeightVersions.changed(weight);
        assertNotEquals(version, WeightVersions.version(weight));
        assertArrayEquals(reference(inp, weight), vector(inp, weight), "read after a reported write");
        assertTrue(first == PackedWeights.forward(weight, C, OC, 1), "a new version is repacked in place");
        WeightVersions.untrack(weight);
        assertFalse(WeightVersions.tracked(weight));
        assertEquals(-1, WeightVersions.version(weight));
        assertEquals(null, PackedWeights.forward(weight, C, OC, 1));
    }

    @Test
    void anUntrackedWeightIsNeverCachedSoUnreportedWritesAreSeen() {
        Random rng = new Random(12);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        vector(inp, weight);
        weight[0] = -weight[0];
        weight[OC * C - 1] += 3f;
        assertArrayEquals(reference(inp, weight), vector(inp, weight));
        assertEquals(null, PackedWeights.forward(weight, C, OC, 1));
    }

    @Test
    void aWeightUpdatedByAdamWIsReadFreshAfterTheStep() {
        Random rng = new Random(13);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        float[] grad = GradCheck.random(rng, OC * C, 1f);
        AdamW opt = new AdamW(AdamWConfig.torchDefaults(), List.of(new TrainableTensor("w", weight, grad, true)));
        assertTrue(WeightVersions.tracked(weight), "AdamW tracks the weights it writes");
        float[] before = vector(inp, weight);
        assertArrayEquals(reference(inp, weight), before);
        opt.step(1e-2);
        float[] after = vector(inp, weight);
        assertArrayEquals(reference(inp, weight), after, "the forward after a step reads the stepped weight");
        assertFalse(Arrays.equals(before, after), "the step changed the weight");
    }
}
