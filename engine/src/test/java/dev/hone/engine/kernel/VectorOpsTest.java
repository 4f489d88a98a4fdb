package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hone.engine.layer.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

/** VectorOps against VectorOpsReference (bitwise where element-wise) and against doubles. */
class VectorOpsTest {
    private static final int[] LENGTHS = {1, 3, 15, 16, 17, 33, 100, 257};


    @Test
    void dotAndSumOfSquaresAgreeWithReferenceAndDoubles() {
        Random rng = new Random(11);
        for (int n : LENGTHS) {
            float[] a = GradCheck.random(rng, n + 5, 1f);
            float[] b = GradCheck.random(rng, n + 3, 1f);
            double exact = 0;
            double magnitude = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) a[2 + i] * b[3 + i];
                magnitude += Math.abs((double) a[2 + i] * b[3 + i]);
                squares += (double) a[2 + i] * a[2 + i];
            }
            float dot = VectorOps.dot(a, 2, b, 3, n);
            assertEquals(exact, dot, 1e-6 * magnitude, "dot n=" + n);
            assertEquals(VectorOpsReference.dot(a, 2, b, 3, n), dot, 1e-6 * magnitude, "dot n=" + n);
            assertEquals(squares, VectorOps.sumOfSquares(a, 2, n), 1e-6 * squares, "squares n=" + n);
            assertEquals(squares, VectorOpsReference.sumOfSquares(a, 2, n), 1e-6 * squares, "squares n=" + n);
        }
    }

    @Test
    void threeWayDotAgreesWithReferenceAndDoubles() {
        Random rng = new Random(12);
        for (int n : LENGTHS) {
            float[] a = GradCheck.random(rng, n + 5, 1f);
            float[] b = GradCheck.random(rng, n + 3, 1f);
            float[] c = GradCheck.random(rng, n + 1, 1f);
            double exact = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                double term = (double) a[2 + i] * b[3 + i] * c[1 + i];
                exact += term;
                magnitude += Math.abs(term);
            }
            float dot = VectorOps.dot(a, 2, b, 3, c, 1, n);
            assertEquals(exact, dot, 1e-6 * magnitude, "dot3 n=" + n);
            assertEquals(VectorOpsReference.dot(a, 2, b, 3, c, 1, n), dot, 1e-6 * magnitude, "dot3 n=" + n);
        }
    }

    @Test
    void elementWiseOpsEqualTheReferenceBitwiseAndTouchOnlyTheirRange() {
        Random rng = new Random(12);
        for (int n : LENGTHS) {
            float[] x = GradCheck.random(rng, n + 4, 1f);
            float[] y = GradCheck.random(rng, n + 4, 1f);
            float[] expected = y.clone();
            float[] actual = y.clone();
            VectorOpsReference.axpy(0.37f, x, 1, expected, 2, n);
            VectorOps.axpy(0.37f, x, 1, actual, 2, n);
            assertArrayEquals(expected, actual, "axpy n=" + n);
            assertEquals(y[1], actual[1]);
            assertEquals(Math.fma(0.37f, x[1], y[2]), actual[2]);
            VectorOpsReference.scale(expected, 1, n, -1.7f);
            VectorOps.scale(actual, 1, n, -1.7f);
            assertArrayEquals(expected, actual, "scale n=" + n);
            float[] e1 = new float[n + 4];
            float[] e2 = new float[n + 4];
            VectorOpsReference.exp(e1, 3, x, 0, n);
            VectorOps.exp(e2, 3, x, 0, n);
            assertArrayEquals(e1, e2, "exp n=" + n);
            assertEquals(0f, e2[2]);
            assertEquals((float) Math.exp(x[0]), e2[3], 2 * Math.ulp((float) Math.exp(x[0])));
            VectorOpsReference.scaledExp(e1, 1, x, 2, n, 0.5f, -3f);
            VectorOps.scaledExp(e2, 1, x, 2, n, 0.5f, -3f);
            assertArrayEquals(e1, e2, "scaledExp n=" + n);
            double want = -3 * Math.exp(x[2] - 0.5);
            assertEquals(want, e2[1], 3 * Math.ulp((float) want));
        }
    }

    @Test
    void maxAndSumExpMatchDoublePrecision() {
        Random rng = new Random(14);
        for (int n : LENGTHS) {
            float[] x = GradCheck.random(rng, n + 2, 1f);
            x[0] = 1e6f;
            x[n + 1] = 1e6f;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 1; i <= n; i++) {
                max = Math.max(max, x[i]);
            }
            assertEquals((float) max, VectorOps.max(x, 1, n), "max n=" + n);
            assertEquals((float) max, VectorOpsReference.max(x, 1, n), "reference max n=" + n);
            double sum = 0;
            for (int i = 1; i <= n; i++) {
                sum += Math.exp(x[i] - max);
            }
            assertEquals(sum, VectorOps.sumExp(x, 1, n, (float) max), 1e-6 * sum, "sumExp n=" + n);
            assertEquals(sum, VectorOpsReference.sumExp(x, 1, n, (float) max), 1e-6 * sum, "reference n=" + n);
        }
    }

    @Test
    void argmaxIsTheFirstIndexOfTheLargest() {
        Random rng = new Random(15);
        for (int n : LENGTHS) {
            float[] x = GradCheck.random(rng, n + 2, 1f);
            x[0] = 100f;
            int top = n / 2;
            x[1 + top] = 50f;
            assertEquals(top, VectorOps.argmax(x, 1, n), "argmax n=" + n);
            assertEquals(top, VectorOpsReference.argmax(x, 1, n), "reference argmax n=" + n);
            x[n] = 50f;  // a tie further on: the first index wins
            assertEquals(top, VectorOps.argmax(x, 1, n), "tie n=" + n);
            assertEquals(top, VectorOpsReference.argmax(x, 1, n), "reference tie n=" + n);
            if (n > 2) {
                x[2] = Float.NaN;  // a NaN is skipped by both (it is never larger)
                assertEquals(VectorOpsReference.argmax(x, 1, n), VectorOps.argmax(x, 1, n), "NaN n=" + n);
            }
        }
    }

    @Test
    void softmaxMatchesDoublePrecisionAndLeavesTheRestOfTheArrayAlone() {
        Random rng = new Random(13);
        for (int n : LENGTHS) {
            float[] x = GradCheck.random(rng, n + 2, 1f);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 8f;
            }
            float[] ref = x.clone();
            float[] vec = x.clone();
            VectorOpsReference.softmax(ref, 1, n);
            VectorOps.softmax(vec, 1, n);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, x[1 + i]);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(x[1 + i] - max);
            }
            for (int i = 0; i < n; i++) {
                double p = Math.exp(x[1 + i] - max) / sum;
                assertEquals(p, vec[1 + i], 1e-6 * p + 1e-9, "vector softmax n=" + n + " i=" + i);
                assertEquals(p, ref[1 + i], 1e-6 * p + 1e-9, "reference softmax n=" + n + " i=" + i);
            }
            assertEquals(x[0], vec[0]);
            assertEquals(x[n + 1], vec[n + 1]);
        }
    }

    @Test
    void softmaxOfACausallyMaskedRowGivesExactZeros() {
        float[] row = new float[40];
        Arrays.fill(row, Float.NEGATIVE_INFINITY);
        row[0] = 0.5f;
        row[1] = -0.5f;
        VectorOps.softmax(row, 0, row.length);
        for (int i = 2; i < row.length; i++) {
            assertEquals(0f, row[i]);
        }
        assertEquals(1 / (1 + Math.exp(-1)), row[0], 1e-6);
    }
}
