package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The softmax rows of {@link AttentionNative}: each reads query t's fp32 scores for keys [lo, t] on the
 * Vector API in a few fused passes and writes the bf16 operands of the next GEMMs, zero outside [lo, t].
 * When every segment is one contiguous run of positions (the usual case: one example per row, or
 * examples packed end to end), lo is t's segment start and no key needs a mask; otherwise lo is 0 and
 * {@link #firstKey} first sets the scores of other segments' keys to −∞, which exp turns into exact zeros.
 * (No vector is passed to a helper: C2 boxes it whenever it declines to inline one.)
 * Same arithmetic as {@link CausalAttention}'s rows, except that the backward's Σ p·dp sums in vector lanes.
 */
final class AttentionRows {
    private static final VectorSpecies<Float> F = Kernels.F;

    private AttentionRows() {
    }

    /**
     * starts[b·T + t] = the first position of t's segment within row b, for every row whose segments are
     * contiguous runs (ids never decrease along the row, so an id cannot come back after another).
     *
     * @return false, leaving starts unspecified, when some row's ids decrease: masks are then per key
     */
    static boolean segmentStarts(int[] segments, int[] starts, int B, int T) {
        for (int b = 0; b < B; b++) {
            int s0 = b * T;
            starts[s0] = 0;
            for (int t = 1; t < T; t++) {
                int previous = segments[s0 + t - 1];
                int current = segments[s0 + t];
                if (current < previous) {
                    return false;
                }
                starts[s0 + t] = current == previous ? starts[s0 + t - 1] : t;
            }
        }
        return true;
    }

    /**
     * The first key query t attends, for {@link #probabilities} / {@link #gradients} on row x[row ..): its
     * segment's start when {@code starts} came from {@link #segmentStarts}, or, with {@code starts} null, 0
     * after the scores of keys in [0, t] outside t's segment are set to −∞.
     */
    static int firstKey(float[] x, int row, int[] segments, int[] starts, int s0, int t) {
        if (starts != null) {
            return starts[s0 + t];
        }
        int seg = segments[s0 + t];
        for (int t2 = 0; t2 < t; t2++) {
            if (segments[s0 + t2] != seg) {
                x[row + t2] = Float.NEGATIVE_INFINITY;
            }
        }
        return 0;
    }

    /**
     * Forward row: s[row + lo .. row + t] holds query t's raw scores for keys lo..t; p16[row .. row + n)
     * becomes bf16(softmax(scale · scores)) there and zero elsewhere. s is left holding the fp32
     * probabilities.
     *
     * @return the log-sum-exp of scale · scores, which the backward rebuilds the probabilities from
     */
    static float probabilities(float[] s, short[] p16, int row, int n, int lo, int t, float scale) {
        int off = row + lo;
        int len = t - lo + 1;
        // scale > 0 and rounding is monotonic: scale · max s is exactly the max of the scaled scores
        float max = scale * VectorOps.max(s, off, len);
        int bound = F.loopBound(len);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector e = FastExp.exp(FloatVector.fromArray(F, s, off + i).mul(scale).sub(max));
            e.intoArray(s, off + i);
            acc = acc.add(e);
        }
        float sum = VectorOps.sumLanes(acc);
        for (; i < len; i++) {
            float e = FastExp.exp(s[off + i] * scale - max);
            s[off + i] = e;
            sum += e;
        }
        VectorOps.scale(s, off, len, 1f / sum);
        Bf16Rounding.toBitsRange(s, p16, off, len);
        zeroOutside(p16, row, n, lo, t);
        return max + (float) Math.log(sum);
    }

    /**
     * Backward row: p[row + lo .. row + t] holds query t's raw scores and dp the same span of dout · vᵀ.
     * With P = exp(scale · score − lse), p16 becomes bf16(P) and ds16 bf16(P ⊙ (dp − Σ P·dp) · scale),
     * both zero outside [lo, t]; p is left holding P and dp the unrounded dS.
     */
    static void gradients(float[] p, float[] dp, short[] p16, short[] ds16, int row, int n, int lo, int t, float lse,
                          float scale) {
        int off = row + lo;
        int len = t - lo + 1;
        int bound = F.loopBound(len);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector e = FastExp.exp(FloatVector.fromArray(F, p, off + i).mul(scale).sub(lse));
            e.intoArray(p, off + i);
            acc = e.fma(FloatVector.fromArray(F, dp, off + i), acc);
        }
        float sum = VectorOps.sumLanes(acc);
        for (; i < len; i++) {
            float e = FastExp.exp(p[off + i] * scale - lse);
            p[off + i] = e;
            sum = Math.fma(e, dp[off + i], sum);
        }
        i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector e = FloatVector.fromArray(F, p, off + i);
            e.mul(FloatVector.fromArray(F, dp, off + i).sub(sum)).mul(scale).intoArray(dp, off + i);
        }
        for (; i < len; i++) {
            dp[off + i] = p[off + i] * (dp[off + i] - sum) * scale;
        }
        Bf16Rounding.toBitsRange(p, p16, off, len);
        Bf16Rounding.toBitsRange(dp, ds16, off, len);
        zeroOutside(p16, row, n, lo, t);
        zeroOutside(ds16, row, n, lo, t);
    }

    private static void zeroOutside(short[] x, int row, int n, int lo, int t) {
        Arrays.fill(x, row, row + lo, (short) 0);
        Arrays.fill(x, row + t + 1, row + n, (short) 0);
    }
}
