package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hone.engine.layer.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/**
 * {@link Matmul#hold}: bf16 matmuls on oneDNN round a held input once, which gives bitwise the results
 * of rounding per call; once the hold closes, a changed input is rounded afresh (no stale bits), and a
 * nested hold of the same array leaves the outer hold in force.
 */
class HeldInputsTest {
    private static final int BT = 12;
    private static final int C = 40;
    private static final int OC = 24;

    @Test
    void heldInputsGiveTheResultsOfRoundingPerCall() {
        NativeSupport.dnnl();
        Random rng = new Random(5);
        float[] x = GradCheck.random(rng, BT * C, 1f);
        float[] w1 = GradCheck.random(rng, OC * C, 1f);
        float[] w2 = GradCheck.random(rng, OC * C, 1f);
        float[] dout = GradCheck.random(rng, BT * OC, 1f);
        Precision.runWith(Precision.BF16, () -> {
            float[][] unheld = {forward(x, w1), forward(x, w2), backward(dout, x, w1)};
            float[][] held = new float[3][];
            try (HeldInputs outer = Matmul.hold(x)) {
                held[0] = forward(x, w1);
                try (HeldInputs inner = Matmul.hold(dout, x)) {
                    held[2] = backward(dout, x, w1);
                }
                held[1] = forward(x, w2);  // x is still held by the outer hold
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(unheld[i], held[i], "call " + i);
            }
        });
    }

    @Test
    void anInputChangedAfterItsHoldIsRoundedAfresh() {
        NativeSupport.dnnl();
        Random rng = new Random(6);
        float[] x = GradCheck.random(rng, BT * C, 1f);
        float[] w = GradCheck.random(rng, OC * C, 1f);
        Precision.runWith(Precision.BF16, () -> {
            float[] before;
            try (HeldInputs held = Matmul.hold(x)) {
                before = forward(x, w);
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = -2f * x[i];
            }
            float[] after;
            try (HeldInputs held = Matmul.hold(x)) {
                after = forward(x, w);
            }
            float[] expected = Arrays.copyOf(before, before.length);
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= -2f;  // exact: scaling by a power of two commutes with bf16 rounding
            }
            assertFalse(Arrays.equals(before, after));
            assertArrayEquals(expected, after);
        });
    }

    private static float[] forward(float[] x, float[] w) {
        float[] out = new float[BT * OC];
        Matmul.forward(out, x, w, null, BT, C, OC);
        return out;
    }

    /** dinp and dweight of the forward, side by side. */
    private static float[] backward(float[] dout, float[] x, float[] w) {
        float[] dinp = new float[BT * C];
        float[] dweight = new float[OC * C];
        Matmul.backward(dinp, dweight, null, dout, x, w, BT, C, OC);
        float[] both = Arrays.copyOf(dinp, dinp.length + dweight.length);
        System.arraycopy(dweight, 0, both, dinp.length, dweight.length);
        return both;
    }

}
