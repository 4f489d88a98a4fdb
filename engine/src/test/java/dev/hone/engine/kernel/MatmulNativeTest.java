package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

/**
 * The oneDNN matmul forms against references. fp32: against {@link MatmulReference} within
 * 2·γ_K·Σ|a·b| per element, γ_K = K·2⁻²⁴ (each side of an fp32 dot product of length K errs by at most
 * γ_K·Σ|a·b|, whatever the summation order; Σ|a·b| is the reference run on absolute values). bf16: against
 * a reference that rounds both inputs to bf16 and multiplies in fp64, within γ_K·Σ|a·b| + one rounding of
 * the result. Mixed precision on the Java backends ({@link MatmulMixed}) meets the same bf16 bound.
 */
class MatmulNativeTest {
    static float[] random(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    static float[] abs(float[] x) {
        float[] a = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.abs(x[i]);
        }
        return a;
    }

    static float bf16(float x) {
        return Float.intBitsToFloat(Bf16Weight.fromFloat(x) << 16);
    }

    /** |actual - expected| ≤ factor·K·2⁻²⁴·magnitude + |expected|·2⁻²³ per element. */
    static void assertClose(float[] expected, float[] actual, float[] magnitude, int K, double factor, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tol = factor * K * 0x1p-24 * magnitude[i] + Math.abs(expected[i]) * 0x1p-23 + 1e-30;
            int at = i;
            assertTrue(Math.abs((double) actual[i] - expected[i]) <= tol, () -> what + " [" + at + "]: expected "
                + expected[at] + ", found " + actual[at] + ", tolerance " + tol);
        }
    }

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"1,1,1", "3,5,7", "5,17,49", "4,48,48", "67,64,96", "13,300,61", "2,513,130", "2,1100,2000"})
    void fp32FormsMatchTheReferenceWithinRounding(int BT, int C, int OC) {
        Dnnl dnnl = NativeSupport.dnnl();
        Random rng = new Random(BT * 1000L + C * 10L + OC);
        float[] inp = random(rng, BT * C);
        float[] weight = random(rng, OC * C);
        float[] bias = random(rng, OC);
        float[] dout = random(rng, BT * OC);
        float[] dinp0 = random(rng, BT * C);
        float[] dweight0 = random(rng, OC * C);
        for (float[] b : new float[][] {bias, null}) {
            float[] expected = new float[BT * OC];
            MatmulReference.forward(expected, inp, weight, b, BT, C, OC);
            float[] magnitude = new float[BT * OC];
            MatmulReference.forward(magnitude, abs(inp), abs(weight), b == null ? null : abs(b), BT, C, OC);
            float[] out = random(rng, BT * OC); // stale contents must be overwritten
            MatmulNative.forward(dnnl, out, inp, weight, null, b, BT, C, OC);
            assertClose(expected, out, magnitude, C, 2, "forward bias=" + (b != null));
        }
        float[] dinpRef = dinp0.clone();
        float[] dweightRef = dweight0.clone();
        MatmulReference.backward(dinpRef, dweightRef, null, dout, inp, weight, BT, C, OC);
        float[] dinpMag = abs(dinp0);
        float[] dweightMag = abs(dweight0);
        MatmulReference.backward(dinpMag, dweightMag, null, abs(dout), abs(inp), abs(weight), BT, C, OC);
        float[] dinp = dinp0.clone();
        float[] dweight = dweight0.clone();
        float[] dbias = bias.clone();
        float[] dbiasRef = bias.clone();
        MatmulReference.backward(null, null, dbiasRef, dout, inp, weight, BT, C, OC);
        MatmulNative.backward(dnnl, dinp, dweight, dbias, dout, inp, weight, null, BT, C, OC);
        assertClose(dinpRef, dinp, dinpMag, OC + 1, 2, "dinp (accumulated)");
        assertClose(dweightRef, dweight, dweightMag, BT + 1, 2, "dweight (accumulated)");
        assertArrayEquals(dbiasRef, dbias, "dbias is summed in Java like the vector kernel");
    }

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"1,1,1", "3,5,7", "5,17,49", "67,64,96", "13,300,61", "2,513,130", "3,300,700"})
    void nativeBf16FormsMatchAReferenceOnRoundedInputs(int BT, int C, int OC) {
        Dnnl dnnl = NativeSupport.dnnl();
        bf16FormsMatchAReferenceOnRoundedInputs(BT, C, OC, "native",
            (out, inp, weight, bias) -> MatmulNative.forward(dnnl, out, inp, weight, null, bias, BT, C, OC),
            (dinp, dweight, dout, inp, weight) ->
                MatmulNative.backward(dnnl, dinp, dweight, null, dout, inp, weight, null, BT, C, OC));
    }

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"1,1,1", "3,5,7", "5,17,49", "67,64,96", "13,300,61", "2,513,130", "3,300,700"})
    void javaBf16FormsMatchTheSameReference(int BT, int C, int OC) {
        bf16FormsMatchAReferenceOnRoundedInputs(BT, C, OC, "java",
            (out, inp, weight, bias) -> MatmulMixed.forward(out, inp, weight, bias, BT, C, OC),
            (dinp, dweight, dout, inp, weight) -> MatmulMixed.backward(dinp, dweight, null, dout, inp, weight, BT, C, OC));
    }

    private interface Forward {
        void run(float[] out, float[] inp, float[] weight, float[] bias);
    }

    private interface Backward {
        void run(float[] dinp, float[] dweight, float[] dout, float[] inp, float[] weight);
    }

    private static void bf16FormsMatchAReferenceOnRoundedInputs(int BT, int C, int OC, String what, Forward forward,
                                                                Backward backward) {
        Random rng = new Random(BT * 3000L + C * 30L + OC);
        float[] inp = random(rng, BT * C);
        float[] weight = random(rng, OC * C);
        float[] bias = random(rng, OC);
        float[] dout = random(rng, BT * OC);
        float[] dinp0 = random(rng, BT * C);
        float[] dweight0 = random(rng, OC * C);
        Bf16Reference ref = new Bf16Reference(inp, weight, bias, dout, dinp0, dweight0, BT, C, OC);
        Precision.runWith(Precision.BF16, () -> {
            float[] out = new float[BT * OC];
            forward.run(out, inp, weight, bias);
            assertClose(ref.out, out, ref.outMag, C, 1, what + " bf16 forward");
            float[] dinp = dinp0.clone();
            float[] dweight = dweight0.clone();
            backward.run(dinp, dweight, dout, inp, weight);
            assertClose(ref.dinp, dinp, ref.dinpMag, OC + 1, 1, what + " bf16 dinp");
            assertClose(ref.dweight, dweight, ref.dweightMag, BT + 1, 1, what + " bf16 dweight");
        });
    }

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"3,5,7", "67,64,96", "2,513,130", "2,1100,2000"})
    void frozenBf16WeightEqualsItsWidenedFp32TwinBitwise(int BT, int C, int OC) {
        Dnnl dnnl = NativeSupport.dnnl();
        Random rng = new Random(BT * 5000L + C * 50L + OC);
        float[] inp = random(rng, BT * C);
        Bf16Weight w16 = Bf16Weight.rounded(random(rng, OC * C), OC, C);
        float[] w32 = w16.toFloats();
        float[] bias = random(rng, OC);
        float[] dout = random(rng, BT * OC);
        float[] dinp0 = random(rng, BT * C);
        for (Precision p : Precision.values()) {
            Precision.runWith(p, () -> {
                float[] a = new float[BT * OC];
                float[] b = new float[BT * OC];
                MatmulNative.forward(dnnl, a, inp, w32, null, bias, BT, C, OC);
                MatmulNative.forward(dnnl, b, inp, null, w16, bias, BT, C, OC);
                assertArrayEquals(a, b, p + " forward");
                float[] da = dinp0.clone();
                float[] db = dinp0.clone();
                MatmulNative.backward(dnnl, da, null, null, dout, inp, w32, null, BT, C, OC);
                MatmulNative.backward(dnnl, db, null, null, dout, inp, null, w16, BT, C, OC);
                assertArrayEquals(da, db, p + " dinp");
            });
        }
    }

    @Test
    void theLargestCaseAboveIsSplitIntoWeightBlocks() {
        assertTrue(MatmulNative.blockRows(1100, 2000) < 2000, "2000 x 1100 must take more than one block");
        assertEquals(2000, MatmulNative.blockRows(64, 2000));
    }

    @Test
    void repeatedCallsAreBitwiseIdentical() {
        Dnnl dnnl = NativeSupport.dnnl();
        int BT = 64;
        int C = 96;
        int OC = 200;
        Random rng = new Random(7);
        float[] inp = random(rng, BT * C);
        float[] weight = random(rng, OC * C);
        float[] dout = random(rng, BT * OC);
        for (Precision p : Precision.values()) {
            Precision.runWith(p, () -> {
                float[][] first = run(dnnl, inp, weight, dout, BT, C, OC);
                float[][] second = run(dnnl, inp, weight, dout, BT, C, OC);
                for (int i = 0; i < first.length; i++) {
                    assertArrayEquals(first[i], second[i], p + " output " + i);
                }
            });
        }
    }

    private static float[][] run(Dnnl dnnl, float[] inp, float[] weight, float[] dout, int BT, int C, int OC) {
        float[] out = new float[BT * OC];
        float[] dinp = new float[BT * C];
        float[] dweight = new float[OC * C];
        MatmulNative.forward(dnnl, out, inp, weight, null, null, BT, C, OC);
        MatmulNative.backward(dnnl, dinp, dweight, null, dout, inp, weight, null, BT, C, OC);
        return new float[][] {out, dinp, dweight};
    }

    @Test
    void mixedPrecisionRoundsTheWeightAgainOnlyAfterItChanged() {
        int C = 4;
        int OC = 2;
        float[] weight = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f};
        float[] inp = {1f, 0f, 0f, 0f};
        float[] out = new float[OC];
        WeightVersions.track(weight);
        try {
            Precision.runWith(Precision.BF16, () -> {
                Matmul.forward(out, inp, weight, null, 1, C, OC);
                assertArrayEquals(new float[] {1f, 5f}, out);
                weight[0] = 1.0078125f; // 1 + 2⁻⁷, exact in bf16, written without telling WeightVersions
                Matmul.forward(out, inp, weight, null, 1, C, OC);
                assertEquals(1f, out[0], 0f, "not reported: the cached rounding is still used");
                WeightVersions.changed(weight);
                Matmul.forward(out, inp, weight, null, 1, C, OC);
                assertEquals(1.0078125f, out[0], 0f, "reported: rounded again");
            });
        } finally {
            WeightVersions.untrack(weight);
        }
    }

    @Test
    void mixedPrecisionNeverKeepsTheRoundingOfAnUntrackedWeight() {
        float[] weight = {1f, 2f};
        float[] inp = {1f, 0f};
        float[] out = new float[1];
        Precision.runWith(Precision.BF16, () -> {
            Matmul.forward(out, inp, weight, null, 1, 2, 1);
            weight[0] = 1.0078125f; // nobody tracks this array, so nothing may have been kept
            Matmul.forward(out, inp, weight, null, 1, 2, 1);
            assertEquals(1.0078125f, out[0], 0f, "an untracked weight is rounded afresh on every call");
        });
    }

    /** out, dinp and dweight computed in fp64 from bf16-rounded inputs, with their magnitudes. */
    private static final class Bf16Reference {
        final float[] out;
        final float[] outMag;
        final float[] dinp;
        final float[] dinpMag;
        final float[] dweight;
        final float[] dweightMag;

        Bf16Reference(float[] inp32, float[] weight32, float[] bias, float[] dout32, float[] dinp0,
                      float[] dweight0, int BT, int C, int OC) {
            double[] inp = rounded(inp32);
            double[] weight = rounded(weight32);
            double[] dout = rounded(dout32);
            out = new float[BT * OC];
            outMag = new float[BT * OC];
            dinp = new float[BT * C];
            dinpMag = new float[BT * C];
            dweight = new float[OC * C];
            dweightMag = new float[OC * C];
            for (int bt = 0; bt < BT; bt++) {
                for (int o = 0; o < OC; o++) {
                    double s = bias[o];
                    double m = Math.abs(bias[o]);
                    for (int c = 0; c < C; c++) {
                        double p = inp[bt * C + c] * weight[o * C + c];
                        s += p;
                        m += Math.abs(p);
                    }
                    out[bt * OC + o] = (float) s;
                    outMag[bt * OC + o] = (float) m;
                }
                for (int c = 0; c < C; c++) {
                    double s = dinp0[bt * C + c];
                    double m = Math.abs(s);
                    for (int o = 0; o < OC; o++) {
                        double p = dout[bt * OC + o] * weight[o * C + c];
                        s += p;
                        m += Math.abs(p);
                    }
                    dinp[bt * C + c] = (float) s;
                    dinpMag[bt * C + c] = (float) m;
                }
            }
            for (int o = 0; o < OC; o++) {
                for (int c = 0; c < C; c++) {
                    double s = dweight0[o * C + c];
                    double m = Math.abs(s);
                    for (int bt = 0; bt < BT; bt++) {
                        double p = dout[bt * OC + o] * inp[bt * C + c];
                        s += p;
                        m += Math.abs(p);
                    }
                    dweight[o * C + c] = (float) s;
                    dweightMag[o * C + c] = (float) m;
                }
            }
        }

        private static double[] rounded(float[] x) {
            double[] r = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                r[i] = bf16(x[i]);
            }
            return r;
        }
    }
}
