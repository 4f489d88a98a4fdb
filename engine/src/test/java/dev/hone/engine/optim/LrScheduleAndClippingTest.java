package dev.hone.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The documented schedule formula at its boundaries, and clipping's threshold behaviour. */
class LrScheduleAndClippingTest {
    @Test
    void warmupRisesLinearlyThenCosineReachesTheFloorAtTheLastStep() {
        LrSchedule s = new LrSchedule(1.0, 4, 14, LrSchedule.Decay.COSINE, 0.1);
        assertEquals(0.25, s.lr(0), 1e-15);
        assertEquals(1.0, s.lr(3), 1e-15);
        assertEquals(1.0, s.lr(4), 1e-15);
        assertEquals(0.1 + 0.9 * 0.5, s.lr(9), 1e-12, "half way through decay");
        assertEquals(0.1, s.lr(14), 1e-15);
        assertEquals(0.1, s.lr(100), 1e-15, "past the end stays at the floor");
        for (int i = 4; i < 14; i++) {
            assertTrue(s.lr(i + 1) < s.lr(i), "strictly decreasing at " + i);
        }
    }

    @Test
    void linearAndConstantDecay() {
        LrSchedule lin = new LrSchedule(2.0, 0, 4, LrSchedule.Decay.LINEAR, 0);
        assertArrayEquals(new double[] {2.0, 1.5, 1.0, 0.5, 0.0},
                new double[] {lin.lr(0), lin.lr(1), lin.lr(2), lin.lr(3), lin.lr(4)}, 1e-15);
        LrSchedule flat = new LrSchedule(3e-4, 1, 10, LrSchedule.Decay.CONSTANT, 0);
        assertEquals(1.5e-4 * 2, flat.lr(0), 1e-18);
        assertEquals(3e-4, flat.lr(7), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0, 0, 1, LrSchedule.Decay.LINEAR, 0));
    }

    @Test
    void clippingScalesOnlyAboveTheThresholdAndReportsTheNormBefore() {
        float[] a = {3, 0};
        float[] b = {0, 4};
        assertEquals(5f, GradientClipping.clipGlobalNorm(List.of(a, b), 1f));
        float coef = 1f / (5f + 1e-6f);
        assertArrayEquals(new float[] {3 * coef, 0}, a);
        assertArrayEquals(new float[] {0, 4 * coef}, b);
        float[] small = {0.3f, 0.4f};
        assertEquals(0.5f, GradientClipping.clipGlobalNorm(List.of(small), 1f), 1e-7f);
        assertArrayEquals(new float[] {0.3f, 0.4f}, small, "below the threshold: unchanged");
        float[] nan = {Float.NaN, 1};
        assertTrue(Float.isNaN(GradientClipping.clipGlobalNorm(List.of(nan), 1f)));
        assertEquals(1f, nan[1], "non-finite norm: grads left for the caller to reject");
    }
}
