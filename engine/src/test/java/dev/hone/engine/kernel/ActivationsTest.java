package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/** Activations: vector = reference bitwise; reference = double-precision math; backward = finite differences. */
class ActivationsTest {
    private static final int[] LENGTHS = {1, 7, 16, 17, 100, 40_003};

    private static float[] random(Random rng, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian() * scale;
        }
        return x;
    }

    private static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    private static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    @Test
    void vectorEqualsReferenceBitwiseForEveryLength() {
        Random rng = new Random(21);
        for (int n : LENGTHS) {
            float[] x = random(rng, n, 4f);
            float[] dout = random(rng, n, 1f);
            float[] d0 = random(rng, n, 1f);
            float[] a = new float[n];
            float[] b = new float[n];
            ActivationsReference.silu(a, x, n);
            Activations.silu(b, x, n);
            assertArrayEquals(a, b, "silu n=" + n);
            ActivationsReference.gelu(a, x, n);
            Activations.gelu(b, x, n);
            assertArrayEquals(a, b, "gelu n=" + n);
            float[] ga = d0.clone();
            float[] gb = d0.clone();
            ActivationsReference.siluBackward(ga, x, dout, n);
            Activations.siluBackward(gb, x, dout, n);
            assertArrayEquals(ga, gb, "siluBackward n=" + n);
            ActivationsReference.geluBackward(ga, x, dout, n);
            Activations.geluBackward(gb, x, dout, n);
            assertArrayEquals(ga, gb, "geluBackward n=" + n);
            float[] up = random(rng, n, 2f);
            ActivationsReference.swiglu(a, x, up, n);
            Activations.swiglu(b, x, up, n);
            assertArrayEquals(a, b, "swiglu n=" + n);
            float[] ua = d0.clone();
            float[] ub = d0.clone();
            ActivationsReference.swigluBackward(ga, ua, dout, x, up, n);
            Activations.swigluBackward(gb, ub, dout, x, up, n);
            assertArrayEquals(ga, gb, "swigluBackward dgate n=" + n);
            assertArrayEquals(ua, ub, "swigluBackward dup n=" + n);
        }
    }

    @Test
    void swigluMatchesDoublePrecisionAndFiniteDifferences() {
        Random rng = new Random(23);
        int n = 301;
        float[] gate = random(rng, n, 4f);
        float[] up = random(rng, n, 2f);
        float[] dout = random(rng, n, 1f);
        float[] out = new float[n];
        Activations.swiglu(out, gate, up, n);
        float[] dgate = new float[n];
        float[] dup = new float[n];
        Arrays.fill(dgate, 1f);
        Arrays.fill(dup, -1f);
        Activations.swigluBackward(dgate, dup, dout, gate, up, n);
        double h = 1e-4;
        for (int i = 0; i < n; i++) {
            double expected = silu(gate[i]) * up[i];
            assertEquals(expected, out[i], 2e-6 * Math.abs(expected) + 1e-7, "swiglu at " + gate[i]);
            double fdGate = (silu(gate[i] + h) - silu(gate[i] - h)) / (2 * h) * up[i];
            assertEquals(dout[i] * fdGate, dgate[i], 1e-4, "d/dgate at " + gate[i] + " (overwritten)");
            assertEquals(dout[i] * silu(gate[i]), dup[i], 1e-5, "d/dup at " + gate[i] + " (overwritten)");
        }
    }

    @Test
    void forwardMatchesDoublePrecisionFormulas() {
        float[] x = new float[2001];
        for (int i = 0; i < x.length; i++) {
            x[i] = -20f + i * 0.02f;
        }
        float[] s = new float[x.length];
        float[] g = new float[x.length];
        Activations.silu(s, x, x.length);
        Activations.gelu(g, x, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(silu(x[i]), s[i], 1e-6 * Math.abs(silu(x[i])) + 1e-7, "silu(" + x[i] + ")");
            assertEquals(gelu(x[i]), g[i], 1e-6 * Math.abs(gelu(x[i])) + 1e-7, "gelu(" + x[i] + ")");
        }
    }

    @Test
    void backwardMatchesFiniteDifferencesAndAccumulates() {
        Random rng = new Random(22);
        int n = 300;
        float[] x = random(rng, n, 3f);
        float[] dout = random(rng, n, 1f);
        float[] dsilu = new float[n];
        float[] dgelu = new float[n];
        Arrays.fill(dsilu, 1f);
        Arrays.fill(dgelu, 1f);
        Activations.siluBackward(dsilu, x, dout, n);
        Activations.geluBackward(dgelu, x, dout, n);
        double h = 1e-4;
        for (int i = 0; i < n; i++) {
            double fdSilu = (silu(x[i] + h) - silu(x[i] - h)) / (2 * h);
            double fdGelu = (gelu(x[i] + h) - gelu(x[i] - h)) / (2 * h);
            assertEquals(1 + dout[i] * fdSilu, dsilu[i], 1e-5, "silu' at " + x[i]);
            assertEquals(1 + dout[i] * fdGelu, dgelu[i], 1e-5, "gelu' at " + x[i]);
        }
    }
}
