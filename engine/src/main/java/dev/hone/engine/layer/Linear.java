package dev.hone.engine.layer;

import dev.hone.engine.kernel.Matmul;

/**
 * A projection out = inp · weightᵀ + bias (PyTorch Linear layout: weight is (OC, C)), with optional
 * bias, optional frozen weight (null grads) and an optional {@link LinearAdapter} (LoRA) added on top.
 * Holds references to its parameter arrays only; activations belong to the model's caches.
 * Reference: llm.c {@code matmul_forward}; HF {@code nn.Linear}.
 */
public final class Linear {
    private final float[] weight;
    private final float[] dweight;
    private final float[] bias;
    private final float[] dbias;
    private final int C;
    private final int OC;
    private LinearAdapter adapter;

    /**
     * @param weight  (OC, C)
     * @param dweight (OC, C) grad, or null when the weight is frozen
     * @param bias    (OC) or null for none
     * @param dbias   (OC) grad, or null (no bias, or frozen)
     */
    public Linear(float[] weight, float[] dweight, float[] bias, float[] dbias, int C, int OC) {
        if (weight.length != OC * C || (bias != null && bias.length != OC)) {
            throw new IllegalArgumentException("Linear expects weight (" + OC + ", " + C + ") and bias (" + OC
                    + "); found weight length " + weight.length + ", bias length "
                    + (bias == null ? "none" : bias.length));
        }
        this.weight = weight;
        this.dweight = dweight;
        this.bias = bias;
        this.dbias = dbias;
        this.C = C;
        this.OC = OC;
    }

    /** Attaches (or with null removes) a side path added to this projection's output. */
    public void adapter(LinearAdapter adapter) {
        this.adapter = adapter;
    }

    /** The weight (OC, C) this projection reads (its own array, not a copy). */
    public float[] weight() {
        return weight;
    }

    public int inFeatures() {
        return C;
    }

    public int outFeatures() {
        return OC;
    }

    /** out (BT, OC) = inp (BT, C) · weightᵀ + bias [+ adapter(inp)]; out is overwritten. */
    public void forward(float[] out, float[] inp, int BT) {
        Matmul.forward(out, inp, weight, bias, BT, C, OC);
        if (adapter != null) {
            adapter.forward(out, inp, BT);
        }
    }

    /** Differentiates {@code out = inp·Wᵀ + b}: dinp (BT, C) += dout·W; dW += doutᵀ·inp; db += Σ dout. */
    public void backward(float[] dinp, float[] dout, float[] inp, int BT) {
        Matmul.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
        if (adapter != null) {
            adapter.backward(dinp, dout, inp, BT);
        }
    }
}
