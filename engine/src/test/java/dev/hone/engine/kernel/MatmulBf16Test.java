package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hone.engine.layer.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

/**
 * The bf16-weight matmul forms against their spec: widen the weight to fp32 (exact), then run the fp32
 * kernel. Vector and scalar forms, odd shapes, 1–3 threads, all bitwise.
 */
class MatmulBf16Test {

    private static Bf16Weight weight(Random rng, int OC, int C) {
        return Bf16Weight.rounded(GradCheck.random(rng, OC * C, 1f), OC, C);
    }

    @Test
    void wideningIsExactAndVectorEqualsScalarAtEveryTailLength() {
        Random rng = new Random(3);
        short[] bits = new short[301];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (short) rng.nextInt();
        }
        bits[0] = (short) 0x7FC0; // NaN
        bits[1] = (short) 0x8000; // -0
        bits[2] = (short) 0xFF80; // -inf
        for (int n = 0; n <= 70; n++) {
            float[] ref = new float[n];
            float[] vec = new float[n];
            Bf16Weight.widenReference(bits, 3, ref, 0, n);
            Bf16Weight.widenVector(bits, 3, vec, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(ref[i]), Float.floatToRawIntBits(vec[i]), "n=" + n + " i=" + i);
                assertEquals((bits[3 + i] & 0xFFFF) << 16, Float.floatToRawIntBits(ref[i]));
            }
        }
        float[] all = new float[bits.length];
        Bf16Weight.widenVector(bits, 0, all, 0, bits.length);
        assertEquals(0x7FC00000, Float.floatToRawIntBits(all[0]));
        assertEquals(Float.NEGATIVE_INFINITY, all[2]);
    }

    @Test
    void roundingIsNearestEvenLikeTheCodec() {
        assertEquals((short) 0x3F80, Bf16Weight.fromFloat(1f));
        assertEquals((short) 0x3F80, Bf16Weight.fromFloat(Float.intBitsToFloat(0x3F808000))); // tie, even stays
        assertEquals((short) 0x3F82, Bf16Weight.fromFloat(Float.intBitsToFloat(0x3F818000))); // tie, odd rounds up
        assertEquals((short) 0x3F81, Bf16Weight.fromFloat(Float.intBitsToFloat(0x3F808001)));
    }

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"1,1,1", "3,5,7", "5,17,49", "4,48,48", "9,33,100", "13,300,61", "2,513,130", "67,64,96",
        "6,1100,300"})
    void forwardEqualsWidenThenFp32KernelBitwise(int BT, int C, int OC) {
        Random rng = new Random(BT * 1000L + C * 10L + OC);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        Bf16Weight w = weight(rng, OC, C);
        float[] wide = w.toFloats();
        float[] bias = GradCheck.random(rng, OC, 1f);
        for (float[] b : new float[][] {bias, null}) {
            float[] ref = new float[BT * OC];
            MatmulReference.forward(ref, inp, wide, b, BT, C, OC);
            float[] scalar = GradCheck.random(rng, BT * OC, 1f);
            MatmulReference.forward(scalar, inp, w, b, BT, C, OC);
            assertArrayEquals(ref, scalar, "scalar bf16 reference");
            for (int threads = 1; threads <= 3; threads++) {
                float[] expected = new float[BT * OC];
                MatmulVector.forward(expected, inp, wide, b, BT, C, OC, threads);
                float[] out = GradCheck.random(rng, BT * OC, 1f); // stale contents must be overwritten
                MatmulBf16.forward(out, inp, w, b, BT, C, OC, threads);
                assertArrayEquals(expected, out, "threads=" + threads + " bias=" + (b != null));
            }
        }
    }

    @ParameterizedTest(name = "BT={0} C={1} OC={2}")
    @CsvSource({"1,1,1", "3,5,7", "5,17,49", "9,33,100", "13,300,61", "300,7,5", "67,64,96", "3,9,300",
        "5,20,14000"})
    void inputGradientEqualsWidenThenFp32KernelBitwise(int BT, int C, int OC) {
        Random rng = new Random(BT * 7000L + C * 70L + OC);
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        Bf16Weight w = weight(rng, OC, C);
        float[] wide = w.toFloats();
        float[] dout = GradCheck.random(rng, BT * OC, 1f);
        float[] dinp0 = GradCheck.random(rng, BT * C, 1f);
        float[] ref = dinp0.clone();
        MatmulReference.backward(ref, null, null, dout, inp, wide, BT, C, OC);
        float[] scalar = dinp0.clone();
        MatmulReference.backwardInput(scalar, dout, w, BT, C, OC);
        assertArrayEquals(ref, scalar, "scalar bf16 reference");
        for (int threads = 1; threads <= 3; threads++) {
            float[] dinp = dinp0.clone();
            MatmulBf16.backwardInput(dinp, dout, w, BT, C, OC, threads);
            assertArrayEquals(ref, dinp, "threads=" + threads);
        }
    }

    @Test
    void entryPointsCheckShapes() {
        Bf16Weight w = Bf16Weight.zeros(3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Matmul.forward(new float[6], new float[8], w, null, 2, 4, 2));
        assertEquals(true, e.getMessage().contains("(2, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matmul.backwardInput(new float[8], new float[4], w, 2, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new Bf16Weight(new short[5], 2, 3));
    }
}
