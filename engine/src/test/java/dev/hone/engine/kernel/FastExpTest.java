package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The documented error bound and special values of FastExp, and vector = scalar bitwise. */
class FastExpTest {
    @Test
    void withinOneUlpOfTheExactExpOverTheNormalRange() {
        double worst = 0;
        for (float x = FastExp.LO; x < 88.72f; x += 0.000731f) {
            double exact = Math.exp(x);
            double ulp = Math.ulp((float) exact);
            worst = Math.max(worst, Math.abs(FastExp.exp(x) - exact) / ulp);
        }
        for (float x = -1e-3f; x < 1e-3f; x += 1.3e-7f) {
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FastExp.exp(x) - exact) / Math.ulp((float) exact));
        }
        assertTrue(worst < 1.0, "worst error " + worst + " ulp");
    }

    @Test
    void specialValues() {
        assertEquals(1f, FastExp.exp(0f));
        assertEquals(0f, FastExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, FastExp.exp(-100f));
        assertEquals(Float.POSITIVE_INFINITY, FastExp.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FastExp.exp(88.8f));
        assertTrue(Float.isNaN(FastExp.exp(Float.NaN)));
        assertEquals((float) Math.E, FastExp.exp(1f), Math.ulp((float) Math.E));
    }

    @Test
    void vectorLanesEqualTheScalarBitwise() {
        float[] xs = new float[4096];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -95f + i * (190f / xs.length) + (i % 7) * 1e-3f;
        }
        xs[0] = Float.NaN;
        xs[1] = Float.NEGATIVE_INFINITY;
        xs[2] = Float.POSITIVE_INFINITY;
        xs[3] = -0f;
        int length = Kernels.F.length();
        float[] lanes = new float[length];
        for (int i = 0; i + length <= xs.length; i += length) {
            FastExp.exp(FloatVector.fromArray(Kernels.F, xs, i)).intoArray(lanes, 0);
            for (int j = 0; j < length; j++) {
                assertEquals(Float.floatToIntBits(FastExp.exp(xs[i + j])), Float.floatToIntBits(lanes[j]),
                    "exp(" + xs[i + j] + ")");
            }
        }
    }
}
