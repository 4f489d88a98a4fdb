package dev.hone.engine.layer;

import dev.hone.engine.kernel.Activations;

/**
 * The SwiGLU gate of the Llama MLP: out = silu(gate) · up with silu(x) = x · σ(x). The three
 * projections around it are {@link Linear}s (w1 = gate_proj, w3 = up_proj, w2 = down_proj). The
 * arithmetic is {@link Activations#swiglu} (Vector API, exp by FastExp).
 * Reference: HF {@code LlamaMLP}: {@code down_proj(act_fn(gate_proj(x)) * up_proj(x))}.
 */
public final class SwiGlu {
    private SwiGlu() {
    }

    /** out (N) = silu(gate (N)) · up (N); N is BT·FF. */
    public static void forward(float[] out, float[] gate, float[] up, int N) {
        Activations.swiglu(out, gate, up, N);
    }

    /**
     * Differentiates {@code out = g·σ(g)·up}: dup = dout · silu(g), dgate = dout · up · σ(g) · (1 + g · (1 − σ(g))),
     * both overwritten (no zeroing needed first).
     */
    public static void backward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int N) {
        Activations.swigluBackward(dgate, dup, dout, gate, up, N);
    }
}
