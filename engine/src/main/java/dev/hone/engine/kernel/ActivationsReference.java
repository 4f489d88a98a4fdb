package dev.hone.engine.kernel;

/**
 * Scalar references of {@link Activations}: SiLU, SwiGLU and GELU with the tanh
 * approximation (GPT-2's {@code gelu_new}), forward and backward, exp by {@link FastExp}. The vector
 * twins perform the same IEEE operations in the same order, so they match bitwise.
 * Reference: llm.c {@code gelu_forward} / {@code gelu_backward}; HF {@code SiLUActivation}.
 */
public final class ActivationsReference {
    /** √(2/π). */
    static final float GELU_K0 = 0.7978845608028654f;
    static final float GELU_K1 = 0.044715f;

    private ActivationsReference() {
    }

    /** out (n) = inp · σ(inp), σ(x) = 1 / (1 + e^−x). */
    public static void silu(float[] out, float[] inp, int n) {
        silu(out, inp, 0, n);
    }

    /** dinp (n) += dout · σ(x)·(1 + x·(1 − σ(x))), the derivative of {@code out = x·σ(x)}. */
    public static void siluBackward(float[] dinp, float[] inp, float[] dout, int n) {
        siluBackward(dinp, inp, dout, 0, n);
    }

    /** out (n) = silu(gate)·up, silu(g) = g / (1 + e^−g). */
    public static void swiglu(float[] out, float[] gate, float[] up, int n) {
        swiglu(out, gate, up, 0, n);
    }

    /**
     * Differentiates {@code out = silu(g)·up}: dup (n) = dout·g·σ(g), dgate (n) = dout·up·σ(g)·(1 + g·(1 − σ(g))),
     * both overwritten (each is the only gradient of its projection's output).
     */
    public static void swigluBackward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        swigluBackward(dgate, dup, dout, gate, up, 0, n);
    }

    /**
     * out (n) = ½·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³), computed as x·σ(2u) = x / (1 + e^−2u)
     * (the same function: 1 + tanh u = 2σ(2u)), which has no cancellation for negative x.
     */
    public static void gelu(float[] out, float[] inp, int n) {
        gelu(out, inp, 0, n);
    }

    /**
     * dinp (n) += dout · d/dx of {@link #gelu}: with s = σ(2u),
     * ½(1 + tanh u) + ½x(1 − tanh²u)·du/dx = s + 2x·s(1 − s)·√(2/π)(1 + 3·0.044715·x²).
     */
    public static void geluBackward(float[] dinp, float[] inp, float[] dout, int n) {
        geluBackward(dinp, inp, dout, 0, n);
    }

    static void silu(float[] out, float[] inp, int start, int end) {
        for (int i = start; i < end; i++) {
            float x = inp[i];
            out[i] = x / (FastExp.exp(-x) + 1f);
        }
    }

    static void siluBackward(float[] dinp, float[] inp, float[] dout, int start, int end) {
        for (int i = start; i < end; i++) {
            float x = inp[i];
            float s = 1f / (FastExp.exp(-x) + 1f);
            dinp[i] += dout[i] * (s * (x * (1f - s) + 1f));
        }
    }

    static void swiglu(float[] out, float[] gate, float[] up, int start, int end) {
        for (int i = start; i < end; i++) {
            float g = gate[i];
            out[i] = g / (FastExp.exp(-g) + 1f) * up[i];
        }
    }

    static void swigluBackward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int start,
                               int end) {
        for (int i = start; i < end; i++) {
            float g = gate[i];
            float d = dout[i];
            float s = 1f / (FastExp.exp(-g) + 1f);
            dup[i] = d * (g * s);
            dgate[i] = d * up[i] * (s * (g * (1f - s) + 1f));
        }
    }

    static void gelu(float[] out, float[] inp, int start, int end) {
        for (int i = start; i < end; i++) {
            float x = inp[i];
            float u = (x * x * x * GELU_K1 + x) * GELU_K0;
            out[i] = x / (FastExp.exp(u * -2f) + 1f);
        }
    }

    static void geluBackward(float[] dinp, float[] inp, float[] dout, int start, int end) {
        for (int i = start; i < end; i++) {
            float x = inp[i];
            float u = (x * x * x * GELU_K1 + x) * GELU_K0;
            float s = 1f / (FastExp.exp(u * -2f) + 1f);
            float du = (x * x * (3f * GELU_K1) + 1f) * GELU_K0;
            float grad = x * 2f * (s * (1f - s)) * du + s;
            dinp[i] += dout[i] * grad;
        }
    }
}
