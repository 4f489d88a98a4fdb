package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API row primitives the layers build on: dot, axpy, scale, sum of squares (RMSNorm),
 * exp, an in-place softmax, and the cross-entropy row kernels max, sumExp, scaledExp and argmax. Each
 * loops to {@code loopBound} (a reduction keeps one accumulator and reduces lanes once) and finishes
 * the tail like {@link VectorOpsReference}, its scalar spec (used instead
 * when {@code -Dhone.kernels=scalar}). Rows are addressed by offset into a tensor's array because
 * these run per row (per token, per head). Single-threaded: callers parallelise over rows with
 * {@link Parallel}. Reference: llama3.java {@code FloatTensor.vectorDot}.
 */
public final class VectorOps {
    private static final VectorSpecies<Float> F = Kernels.F;

    private VectorOps() {
    }

    /** Σ a[aOff+i]·b[bOff+i] for i < n. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        if (!Kernels.VECTOR) {
            return VectorOpsReference.dot(a, aOff, b, bOff, n);
        }
        int bound = F.loopBound(n);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        float sum = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        }
        return sum;
    }

    /** Σ a[aOff+i]·b[bOff+i]·c[cOff+i] for i < n, as fma(a·b, c, sum). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        if (!Kernels.VECTOR) {
            return VectorOpsReference.dot(a, aOff, b, bOff, c, cOff, n);
        }
        int bound = F.loopBound(n);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector ab = FloatVector.fromArray(F, a, aOff + i).mul(FloatVector.fromArray(F, b, bOff + i));
            acc = ab.fma(FloatVector.fromArray(F, c, cOff + i), acc);
        }
        float sum = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            sum = Math.fma(a[aOff + i] * b[bOff + i], c[cOff + i], sum);
        }
        return sum;
    }

    /** y[yOff+i] += alpha·x[xOff+i] (fused) for i < n; bitwise equal to the reference. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (!Kernels.VECTOR) {
            VectorOpsReference.axpy(alpha, x, xOff, y, yOff, n);
            return;
        }
        int bound = F.loopBound(n);
        FloatVector a = FloatVector.broadcast(F, alpha);
        for (int i = 0; i < bound; i += F.length()) {
            a.fma(FloatVector.fromArray(F, x, xOff + i), FloatVector.fromArray(F, y, yOff + i))
                .intoArray(y, yOff + i);
        }
        VectorOpsReference.axpy(alpha, x, xOff + bound, y, yOff + bound, n - bound);
    }

    /** x[off+i] *= s for i < n; bitwise equal to the reference. */
    public static void scale(float[] x, int off, int n, float s) {
        if (!Kernels.VECTOR) {
            VectorOpsReference.scale(x, off, n, s);
            return;
        }
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, off + i).mul(s).intoArray(x, off + i);
        }
        VectorOpsReference.scale(x, off + bound, n - bound, s);
    }

    /** Σ x[off+i]² for i < n (the RMSNorm statistic). */
    public static float sumOfSquares(float[] x, int off, int n) {
        if (!Kernels.VECTOR) {
            return VectorOpsReference.sumOfSquares(x, off, n);
        }
        int bound = F.loopBound(n);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            acc = v.fma(v, acc);
        }
        float sum = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            sum = Math.fma(x[off + i], x[off + i], sum);
        }
        return sum;
    }

    /** out[outOff+i] = e^inp[inpOff+i] for i < n by {@link FastExp}; bitwise equal to the reference. */
    public static void exp(float[] out, int outOff, float[] inp, int inpOff, int n) {
        if (!Kernels.VECTOR) {
            VectorOpsReference.exp(out, outOff, inp, inpOff, n);
            return;
        }
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            FastExp.exp(FloatVector.fromArray(F, inp, inpOff + i)).intoArray(out, outOff + i);
        }
        VectorOpsReference.exp(out, outOff + bound, inp, inpOff + bound, n - bound);
    }

    /** The maximum of x[off .. off+n), n ≥ 1, NaN if any element is (Math.max's rule); equal to the reference. */
    public static float max(float[] x, int off, int n) {
        if (!Kernels.VECTOR) {
            return VectorOpsReference.max(x, off, n);
        }
        int bound = F.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < bound; i += F.length()) {
            vmax = vmax.max(FloatVector.fromArray(F, x, off + i));
        }
        float max = maxLanes(vmax);
        for (int i = bound; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }

    /** The first index (from 0) of the largest of x[off .. off+n), n ≥ 1; equal to the reference, NaN included. */
    public static int argmax(float[] x, int off, int n) {
        if (!Kernels.VECTOR) {
            return VectorOpsReference.argmax(x, off, n);
        }
        float max = max(x, off, n);
        if (Float.isNaN(max)) {
            return VectorOpsReference.argmax(x, off, n);  // NaN equals nothing: the reference's rule applies
        }
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            VectorMask<Float> hit = FloatVector.fromArray(F, x, off + i).eq(max);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        for (int i = bound; i < n; i++) {
            if (x[off + i] == max) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Σ e^(x − shift) over x[off .. off+n) by {@link FastExp}, summed per lane, then across lanes in
     * index order (a cross-entropy row's softmax denominator, with shift = its max).
     */
    public static float sumExp(float[] x, int off, int n, float shift) {
        if (!Kernels.VECTOR) {
            return VectorOpsReference.sumExp(x, off, n, shift);
        }
        int bound = F.loopBound(n);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            acc = acc.add(FastExp.exp(FloatVector.fromArray(F, x, off + i).sub(shift)));
        }
        float sum = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            sum += FastExp.exp(x[off + i] - shift);
        }
        return sum;
    }

    /**
     * out[outOff+i] = scale · e^(inp[inpOff+i] − shift) for i < n by {@link FastExp}; bitwise equal to the
     * reference. out may be inp (same offsets).
     */
    public static void scaledExp(float[] out, int outOff, float[] inp, int inpOff, int n, float shift,
                                 float scale) {
        if (!Kernels.VECTOR) {
            VectorOpsReference.scaledExp(out, outOff, inp, inpOff, n, shift, scale);
            return;
        }
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            FastExp.exp(FloatVector.fromArray(F, inp, inpOff + i).sub(shift)).mul(scale).intoArray(out, outOff + i);
        }
        VectorOpsReference.scaledExp(out, outOff + bound, inp, inpOff + bound, n - bound, shift, scale);
    }

    /**
     * In place: x = e^(x − max x) / Σ e^(x − max x) over x[off .. off+n), n ≥ 1. A row of −∞ with
     * one finite entry (a causal mask) gives exact zeros for the −∞ entries.
     *
     * @return the log-sum-exp max x + log Σ e^(x − max x)
     */
    public static float softmax(float[] x, int off, int n) {
        if (!Kernels.VECTOR) {
            return VectorOpsReference.softmax(x, off, n);
        }
        float max = max(x, off, n);
        int bound = F.loopBound(n);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector e = FastExp.exp(FloatVector.fromArray(F, x, off + i).sub(max));
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        float sum = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            float e = FastExp.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        scale(x, off, n, 1f / sum);
        return max + (float) Math.log(sum);
    }

    /**
     * The largest lane, by a lane loop: {@code reduceLanes(MAX)} deoptimizes on a class check once other
     * operators have gone through it, which left softmax boxing every vector in a long test run.
     */
    private static float maxLanes(FloatVector v) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < F.length(); i++) {
            max = Math.max(max, v.lane(i));
        }
        return max;
    }

    /**
     * Sums the lanes in index order. {@code reduceLanes(ADD)} leaves the order unspecified, and the
     * JIT intrinsic and the interpreter's fallback do use different orders, which made results differ
     * between runs; a fixed order keeps every kernel bitwise deterministic.
     */
    static float sumLanes(FloatVector acc) {
        float sum = 0f;
        for (int i = 0; i < F.length(); i++) {
            sum += acc.lane(i);
        }
        return sum;
    }
}
