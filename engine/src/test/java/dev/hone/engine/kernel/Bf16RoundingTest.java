package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The vector rounding equals the scalar one (which is {@link Bf16Weight#fromFloat}) bit for bit. */
class Bf16RoundingTest {
    private static float[] values(int n) {
        Random rng = new Random(n);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_VALUE, Float.intBitsToFloat(0x3F808000), Float.intBitsToFloat(0x3F818000),
            Float.intBitsToFloat(0xBF818000), Float.intBitsToFloat(0x7F7F8000), Float.intBitsToFloat(0x7FA00001)};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < special.length ? special[i] : Float.intBitsToFloat(rng.nextInt());
        }
        return x;
    }

    @Test
    void vectorMatchesScalarAtEveryTailLengthIncludingSpecials() {
        for (int n = 0; n <= 70; n++) {
            float[] x = values(n);
            short[] ref = new short[n];
            short[] vec = new short[n];
            Bf16Rounding.toBitsReference(x, ref, 0, n);
            Bf16Rounding.toBitsVector(x, vec, 0, n);
            float[] refF = new float[n];
            float[] vecF = new float[n];
            Bf16Rounding.toFloatsReference(x, refF, 0, n);
            Bf16Rounding.toFloatsVector(x, vecF, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Bf16Weight.fromFloat(x[i]), ref[i], "reference n=" + n + " i=" + i);
                assertEquals(ref[i], vec[i], "bits n=" + n + " i=" + i + " x=" + Integer.toHexString(Float.floatToRawIntBits(x[i])));
                assertEquals(ref[i] << 16, Float.floatToRawIntBits(refF[i]), "floats n=" + n + " i=" + i);
                assertEquals(Float.floatToRawIntBits(refF[i]), Float.floatToRawIntBits(vecF[i]), "floats n=" + n + " i=" + i);
            }
        }
    }

    @Test
    void wholeArrayEntryPointsSplitOverThreadsWithoutChangingBits() {
        int n = (1 << 17) + 5;
        float[] x = values(n);
        short[] one = new short[n];
        short[] three = new short[n];
        Bf16Rounding.toBits(x, one, n, 1);
        Bf16Rounding.toBits(x, three, n, 3);
        for (int i = 0; i < n; i++) {
            assertEquals(one[i], three[i], "i=" + i);
        }
    }
}
