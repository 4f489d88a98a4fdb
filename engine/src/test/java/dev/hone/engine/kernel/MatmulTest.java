package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.layer.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

/** The Vector API matmul against the scalar reference (bitwise) and the reference against doubles. */
class MatmulTest {

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"1,1,1", "3,5,7", "5,17,49", "4,48,48", "9,33,100", "13,300,61", "2,513,130", "67,64,96"})
    void forwardMatchesReferenceBitwiseWithAndWithoutBias(int BT, int C, int OC) {
        Random rng = new Random(BT * 1000L + C * 10L + OC);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        float[] bias = GradCheck.random(rng, OC, 1f);
        for (float[] b : new float[][] {bias, null}) {
            float[] expected = new float[BT * OC];
            MatmulReference.forward(expected, inp, weight, b, BT, C, OC);
            float[] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                float[] out = GradCheck.random(rng, BT * OC, 1f); // stale contents must be overwritten
                MatmulVector.forward(out, inp, weight, b, BT, C, OC, threads);
                String what = "threads=" + threads + " bias=" + (b != null);
                if (BT >= Gemm.FEW_ROWS) {
                    assertArrayEquals(expected, out, what);
                } else {
                    // the few-rows path sums lane-wise: equal within rounding, and equal across threads
                    for (int i = 0; i < out.length; i++) {
                        assertEquals(expected[i], out[i], 1e-5f * (float) Math.sqrt(C), what + " [" + i + "]");
                    }
                    first = first == null ? out : first;
                    assertArrayEquals(first, out, what);
                }
            }
        }
    }

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"1,1,1", "3,5,7", "5,17,49", "9,33,100", "13,300,61", "300,7,5", "67,64,96", "3,9,300"})
    void backwardAccumulatesLikeReferenceBitwise(int BT, int C, int OC) {
        Random rng = new Random(BT * 7000L + C * 70L + OC);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        float[] dout = GradCheck.random(rng, BT * OC, 1f);
        float[] dinp0 = GradCheck.random(rng, BT * C, 1f);
        float[] dweight0 = GradCheck.random(rng, OC * C, 1f);
        float[] dbias0 = GradCheck.random(rng, OC, 1f);
        float[] dinpRef = dinp0.clone();
        float[] dweightRef = dweight0.clone();
        float[] dbiasRef = dbias0.clone();
        MatmulReference.backward(dinpRef, dweightRef, dbiasRef, dout, inp, weight, BT, C, OC);
        for (int threads = 1; threads <= 3; threads++) {
            float[] dinp = dinp0.clone();
            float[] dweight = dweight0.clone();
            float[] dbias = dbias0.clone();
            MatmulVector.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC, threads);
            assertArrayEquals(dinpRef, dinp, "dinp threads=" + threads);
            assertArrayEquals(dweightRef, dweight, "dweight threads=" + threads);
            assertArrayEquals(dbiasRef, dbias, "dbias threads=" + threads);
        }
    }

    @Test
    void backwardSkipsNullTargetsAndStillFillsTheOthers() {
        int BT = 6;
        int C = 19;
        int OC = 35;
        Random rng = new Random(3);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        float[] dout = GradCheck.random(rng, BT * OC, 1f);
        float[] dweightRef = new float[OC * C];
        MatmulReference.backward(null, dweightRef, null, dout, inp, weight, BT, C, OC);
        float[] dweight = new float[OC * C];
        Matmul.backward(null, dweight, null, dout, inp, weight, BT, C, OC);
        assertArrayEquals(dweightRef, dweight);
        float[] dinpRef = new float[BT * C];
        MatmulReference.backward(dinpRef, null, null, dout, inp, weight, BT, C, OC);
        float[] dinp = new float[BT * C];
        Matmul.backward(dinp, null, null, dout, inp, weight, BT, C, OC);
        assertArrayEquals(dinpRef, dinp);
    }

    @Test
    void backwardCalledTwiceAccumulatesTwice() {
        int BT = 5;
        int C = 40;
        int OC = 50;
        Random rng = new Random(4);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        float[] dout = GradCheck.random(rng, BT * OC, 1f);
        float[] once = new float[OC];
        Matmul.backward(null, null, once, dout, inp, weight, BT, C, OC);
        float[] twice = new float[OC];
        Matmul.backward(null, null, twice, dout, inp, weight, BT, C, OC);
        Matmul.backward(null, null, twice, dout, inp, weight, BT, C, OC);
        for (int o = 0; o < OC; o++) {
            assertEquals(2 * once[o], twice[o], 1e-5f * Math.abs(once[o]) + 1e-6f);
            assertTrue(once[o] != 0f);
        }
    }

    @Test
    void publicEntryPointsAreDeterministicAndAgreeWithDoublePrecision() {
        int BT = 37;
        int C = 270;
        int OC = 131;
        Random rng = new Random(5);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        float[] bias = GradCheck.random(rng, OC, 1f);
        float[] first = new float[BT * OC];
        float[] second = new float[BT * OC];
        Matmul.forward(first, inp, weight, bias, BT, C, OC);
        Matmul.forward(second, inp, weight, bias, BT, C, OC);
        assertArrayEquals(first, second);
        for (int bt = 0; bt < BT; bt++) {
            for (int o = 0; o < OC; o++) {
                double sum = bias[o];
                double magnitude = Math.abs(bias[o]);
                for (int c = 0; c < C; c++) {
                    sum += (double) inp[bt * C + c] * weight[o * C + c];
                    magnitude += Math.abs((double) inp[bt * C + c] * weight[o * C + c]);
                }
                assertEquals(sum, first[bt * OC + o], 1e-6 * magnitude, "out[" + bt + "," + o + "]");
            }
        }
    }

    @Test
    void aTooShortArrayIsRefusedNamingTheTensorAndItsShape() {
        float[] inp = new float[6];
        float[] weight = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Matmul.forward(new float[7], inp, weight, null, 2, 3, 4));
        assertTrue(e.getMessage().contains("out (BT, OC) = 2 x 4, at least 8 floats; found 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> Matmul.backward(null, new float[11], null, new float[8], inp, weight, 2, 3, 4));
        assertTrue(e.getMessage().contains("dweight (OC, C)"), e.getMessage());
    }

    @Test
    void forwardAccumulateAddsTheProductToWhatOutHolds() {
        int BT = 37;
        int C = 16;
        int OC = 70;
        Random rng = new Random(77);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] weight = GradCheck.random(rng, OC * C, 1f);
        float[] start = GradCheck.random(rng, BT * OC, 1f);
        for (Precision precision : Precision.values()) {
            boolean bf16 = precision == Precision.BF16;
            float[] out = start.clone();
            Precision.runWith(precision, () -> Matmul.forwardAccumulate(out, inp, weight, BT, C, OC));
            for (int bt = 0; bt < BT; bt++) {
                for (int o = 0; o < OC; o++) {
                    double dot = 0;
                    for (int c = 0; c < C; c++) {
                        dot += (double) rounded(inp[bt * C + c], bf16) * rounded(weight[o * C + c], bf16);
                    }
                    assertEquals(start[bt * OC + o] + dot, out[bt * OC + o], 1e-4,
                        precision + " out[" + bt + ", " + o + "]");
                }
            }
        }
    }

    /** x, or x rounded to bf16 as mixed precision rounds matmul inputs. */
    private static float rounded(float x, boolean bf16) {
        return bf16 ? Float.intBitsToFloat(Bf16Weight.fromFloat(x) << 16) : x;
    }
}
