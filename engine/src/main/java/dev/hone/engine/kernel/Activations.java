package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API SiLU, SwiGLU and GELU (tanh approximation), forward and backward, over whole tensors of n
 * elements, parallel over fixed chunks. Bitwise equal to {@link ActivationsReference} (used instead
 * when {@code -Dhone.kernels=scalar}) whatever the thread count. Backwards accumulate (+=), except
 * SwiGLU's, which overwrites dgate and dup.
 */
public final class Activations {
    private static final VectorSpecies<Float> F = Kernels.F;
    private static final float K0 = ActivationsReference.GELU_K0;
    private static final float K1 = ActivationsReference.GELU_K1;
    /** Elements per parallel chunk, a multiple of every vector length. */
    private static final int CHUNK = 1 << 14;

    private Activations() {
    }

    /** Runs {@code vector} over [0, loopBound(n)) in parallel chunks, then {@code tail} up to n. */
    private static void split(int n, Parallel.RangeBody vector, Parallel.RangeBody tail) {
        int bound = F.loopBound(n);
        int chunks = (bound + CHUNK - 1) / CHUNK;
        Parallel.forChunks(chunks, Parallel.threads(),
            (c0, c1) -> vector.run(c0 * CHUNK, Math.min(bound, c1 * CHUNK)));
        tail.run(bound, n);
    }

    /** out (n) = inp · σ(inp). */
    public static void silu(float[] out, float[] inp, int n) {
        if (!Kernels.VECTOR) {
            ActivationsReference.silu(out, inp, n);
            return;
        }
        split(n, (start, end) -> {
            for (int i = start; i < end; i += F.length()) {
                FloatVector x = FloatVector.fromArray(F, inp, i);
                x.div(FastExp.exp(x.neg()).add(1f)).intoArray(out, i);
            }
        }, (start, end) -> ActivationsReference.silu(out, inp, start, end));
    }

    /** dinp (n) += dout · σ(x)·(1 + x·(1 − σ(x))). */
    public static void siluBackward(float[] dinp, float[] inp, float[] dout, int n) {
        if (!Kernels.VECTOR) {
            ActivationsReference.siluBackward(dinp, inp, dout, n);
            return;
        }
        split(n, (start, end) -> {
            FloatVector one = FloatVector.broadcast(F, 1f);
            for (int i = start; i < end; i += F.length()) {
                FloatVector x = FloatVector.fromArray(F, inp, i);
                FloatVector s = one.div(FastExp.exp(x.neg()).add(1f));
                FloatVector grad = s.mul(x.mul(one.sub(s)).add(1f));
                FloatVector.fromArray(F, dout, i).mul(grad).add(FloatVector.fromArray(F, dinp, i))
                    .intoArray(dinp, i);
            }
        }, (start, end) -> ActivationsReference.siluBackward(dinp, inp, dout, start, end));
    }

    /** out (n) = silu(gate)·up, silu(g) = g / (1 + e^−g): the Llama MLP's SwiGLU gate. */
    public static void swiglu(float[] out, float[] gate, float[] up, int n) {
        if (!Kernels.VECTOR) {
            ActivationsReference.swiglu(out, gate, up, n);
            return;
        }
        split(n, (start, end) -> {
            for (int i = start; i < end; i += F.length()) {
                FloatVector g = FloatVector.fromArray(F, gate, i);
                g.div(FastExp.exp(g.neg()).add(1f)).mul(FloatVector.fromArray(F, up, i)).intoArray(out, i);
            }
        }, (start, end) -> ActivationsReference.swiglu(out, gate, up, start, end));
    }

    /** dup (n) = dout·g·σ(g); dgate (n) = dout·up·σ(g)·(1 + g·(1 − σ(g))), both overwritten. */
    public static void swigluBackward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        if (!Kernels.VECTOR) {
            ActivationsReference.swigluBackward(dgate, dup, dout, gate, up, n);
            return;
        }
        split(n, (start, end) -> {
            FloatVector one = FloatVector.broadcast(F, 1f);
            for (int i = start; i < end; i += F.length()) {
                FloatVector g = FloatVector.fromArray(F, gate, i);
                FloatVector d = FloatVector.fromArray(F, dout, i);
                FloatVector s = one.div(FastExp.exp(g.neg()).add(1f));
                d.mul(g.mul(s)).intoArray(dup, i);
                FloatVector grad = s.mul(g.mul(one.sub(s)).add(1f));
                d.mul(FloatVector.fromArray(F, up, i)).mul(grad).intoArray(dgate, i);
            }
        }, (start, end) -> ActivationsReference.swigluBackward(dgate, dup, dout, gate, up, start, end));
    }

    /** out (n) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) = x·σ(2u). */
    public static void gelu(float[] out, float[] inp, int n) {
        if (!Kernels.VECTOR) {
            ActivationsReference.gelu(out, inp, n);
            return;
        }
        split(n, (start, end) -> {
            for (int i = start; i < end; i += F.length()) {
                FloatVector x = FloatVector.fromArray(F, inp, i);
                x.div(FastExp.exp(argument(x).mul(-2f)).add(1f)).intoArray(out, i);
            }
        }, (start, end) -> ActivationsReference.gelu(out, inp, start, end));
    }

    /** dinp (n) += dout · d/dx gelu(x). */
    public static void geluBackward(float[] dinp, float[] inp, float[] dout, int n) {
        if (!Kernels.VECTOR) {
            ActivationsReference.geluBackward(dinp, inp, dout, n);
            return;
        }
        split(n, (start, end) -> {
            FloatVector one = FloatVector.broadcast(F, 1f);
            for (int i = start; i < end; i += F.length()) {
                FloatVector x = FloatVector.fromArray(F, inp, i);
                FloatVector s = one.div(FastExp.exp(argument(x).mul(-2f)).add(1f));
                FloatVector du = x.mul(x).mul(3f * K1).add(1f).mul(K0);
                FloatVector grad = x.mul(2f).mul(s.mul(one.sub(s))).mul(du).add(s);
                FloatVector.fromArray(F, dout, i).mul(grad).add(FloatVector.fromArray(F, dinp, i))
                    .intoArray(dinp, i);
            }
        }, (start, end) -> ActivationsReference.geluBackward(dinp, inp, dout, start, end));
    }

    /** u = √(2/π)·(x + 0.044715·x³) in the reference's operation order. */
    private static FloatVector argument(FloatVector x) {
        return x.mul(x).mul(x).mul(K1).add(x).mul(K0);
    }
}
