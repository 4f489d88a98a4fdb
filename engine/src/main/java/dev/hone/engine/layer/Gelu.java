package dev.hone.engine.layer;

import dev.hone.engine.kernel.Activations;

/**
 * GELU, tanh approximation (GPT-2's {@code gelu_new}):
 * out = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). The arithmetic is the kernel {@link Activations}
 * (Vector API, {@code ActivationsReference} as its scalar spec); this is the layer entry the models call.
 * Reference: llm.c {@code gelu_forward} / {@code gelu_backward}.
 */
public final class Gelu {
    private Gelu() {
    }

    /** out (N) = gelu(inp (N)); out is overwritten. */
    public static void forward(float[] out, float[] inp, int N) {
        Activations.gelu(out, inp, N);
    }

    /** Differentiates {@code out = 0.5·x·(1 + tanh(u))}, u = √(2/π)(x + 0.044715x³): dinp += dout · gelu'(x). */
    public static void backward(float[] dinp, float[] dout, float[] inp, int N) {
        Activations.geluBackward(dinp, inp, dout, N);
    }
}
