package dev.hone.engine.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** RoPE: HF rotate_half pairing, per-token positions, Llama-3 frequency scaling and gradients. */
class RopeTest {
    private final Random rng = new Random(3);

    @Test
    void rotatesElementIWithElementIPlusHalfByPositionTimesFrequency() {
        int hs = 4;
        float[] inv = Rope.inverseFrequencies(hs, 10000.0, null);
        assertEquals(1f, inv[0], 0f);
        assertEquals(0.01f, inv[1], 1e-9f);
        float[] cos = new float[2];
        float[] sin = new float[2];
        Rope.tables(cos, sin, new int[] {3}, inv, 1, hs);
        float[] x = {1f, 2f, 3f, 4f};
        float[] out = new float[4];
        Rope.forward(out, x, cos, sin, 1, 1, hs);
        // HF: x·cos + rotate_half(x)·sin, rotate_half(x) = (−x2, −x3, x0, x1)
        assertEquals((float) (1 * Math.cos(3) - 3 * Math.sin(3)), out[0], 1e-6f);
        assertEquals((float) (2 * Math.cos(0.03) - 4 * Math.sin(0.03)), out[1], 1e-6f);
        assertEquals((float) (3 * Math.cos(3) + 1 * Math.sin(3)), out[2], 1e-6f);
        assertEquals((float) (4 * Math.cos(0.03) + 2 * Math.sin(0.03)), out[3], 1e-6f);
    }

    @Test
    void llama3ScalingKeepsHighDividesLowAndBlendsTheMiddle() {
        RopeScaling s = new RopeScaling(8, 1, 4, 8192);
        int hs = 128;
        float[] plain = Rope.inverseFrequencies(hs, 500000.0, null);
        float[] scaled = Rope.inverseFrequencies(hs, 500000.0, s);
        assertEquals(plain[0], scaled[0], 0f);
        assertEquals(plain[63] / 8, scaled[63], 1e-12f);
        boolean sawBlend = false;
        for (int i = 0; i < hs / 2; i++) {
            double wavelen = 2 * Math.PI / plain[i];
            if (wavelen > 8192 / 4.0 && wavelen < 8192) {
                double smooth = (8192 / wavelen - 1) / 3.0;
                assertEquals((float) ((1 - smooth) * plain[i] / 8 + smooth * plain[i]), scaled[i], 1e-6f * plain[i]);
                sawBlend = true;
            }
        }
        assertEquals(true, sawBlend);
        assertThrows(IllegalArgumentException.class, () -> new RopeScaling(8, 4, 1, 8192));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int BT = 4;
        int NH = 2;
        int hs = 6;
        int[] positions = {0, 1, 0, 5};
        float[] inv = Rope.inverseFrequencies(hs, 10000.0, null);
        float[] cos = new float[BT * hs / 2];
        float[] sin = new float[BT * hs / 2];
        Rope.tables(cos, sin, positions, inv, BT, hs);
        float[] inp = GradCheck.random(rng, BT * NH * hs, 1f);
        float[] out = new float[inp.length];
        float[] g = GradCheck.random(rng, inp.length, 1f);
        float[] dinp = new float[inp.length];
        java.util.Arrays.fill(dinp, 7f);  // overwritten, not added to
        Runnable fwd = () -> Rope.forward(out, inp, cos, sin, BT, NH, hs);
        fwd.run();
        Rope.backward(dinp, g, cos, sin, BT, NH, hs);
        GradCheck.check("inp", inp, dinp, () -> LayerGradientTest.run(fwd, out, g));
        for (int i = 0; i < NH * hs; i++) {
            assertEquals(inp[2 * NH * hs + i], out[2 * NH * hs + i], 0f, "position 0 is the identity");
        }
    }
}
