package dev.hone.engine.layer;

import dev.hone.engine.kernel.Parallel;

/**
 * GELU, tanh approximation (GPT-2's {@code gelu_new}):
 * out = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Reference: llm.c {@code gelu_forward} / {@code _backward}.
 */
public final class Gelu {
    private static final double S = Math.sqrt(2.0 / Math.PI);

    private Gelu() {
    }

    /** out (N) = gelu(inp (N)); out is overwritten. */
    public static void forward(float[] out, float[] inp, int N) {
        Parallel.forChunks(N, (start, end) -> {
            for (int i = start; i < end; i++) {
                double x = inp[i];
                out[i] = (float) (0.5 * x * (1.0 + Math.tanh(S * (x + 0.044715 * x * x * x))));
            }
        });
    }

    /** Differentiates {@code out = 0.5·x·(1 + tanh(u))}, u = √(2/π)(x + 0.044715x³): dinp += dout · gelu'(x). */
    public static void backward(float[] dinp, float[] dout, float[] inp, int N) {
        Parallel.forChunks(N, (start, end) -> {
            for (int i = start; i < end; i++) {
                double x = inp[i];
                double t = Math.tanh(S * (x + 0.044715 * x * x * x));
                double sech2 = 1.0 - t * t;
                double grad = 0.5 * (1.0 + t) + 0.5 * x * sech2 * S * (1.0 + 3.0 * 0.044715 * x * x);
                dinp[i] += (float) (grad * dout[i]);
            }
        });
    }
}
