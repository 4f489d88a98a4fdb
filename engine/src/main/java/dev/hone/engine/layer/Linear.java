package dev.hone.engine.layer;

import dev.hone.engine.kernel.Bf16Weight;
import dev.hone.engine.kernel.HeldInputs;
import dev.hone.engine.kernel.Matmul;

/**
 * A projection out = inp · weightᵀ + bias (PyTorch Linear layout: weight is (OC, C)), with optional
 * bias, optional frozen weight (null grads; a frozen weight may be stored as {@link Bf16Weight}) and an
 * optional {@link LinearAdapter} (LoRA) added on top.
 * Holds references to its parameter arrays only; activations belong to the model's caches.
 * Reference: llm.c {@code matmul_forward}; HF {@code nn.Linear}.
 */
public final class Linear {
    private final float[] weight;
    private final Bf16Weight weight16;
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
        this.weight16 = null;
        this.dweight = dweight;
        this.bias = bias;
        this.dbias = dbias;
        this.C = C;
        this.OC = OC;
    }

    /**
     * A frozen projection whose weight is stored as bf16: weight and bias get no grads.
     *
     * @param weight (OC, C) in bf16
     * @param bias   (OC) or null for none
     */
    public Linear(Bf16Weight weight, float[] bias, int C, int OC) {
        if (weight.rows() != OC || weight.cols() != C || (bias != null && bias.length != OC)) {
            throw new IllegalArgumentException("Linear expects weight (" + OC + ", " + C + ") and bias (" + OC
                    + "); found bf16 weight (" + weight.rows() + ", " + weight.cols() + "), bias length "
                    + (bias == null ? "none" : bias.length));
        }
        this.weight = null;
        this.weight16 = weight;
        this.dweight = null;
        this.bias = bias;
        this.dbias = null;
        this.C = C;
        this.OC = OC;
    }

    /** Attaches (or with null removes) a side path added to this projection's output. */
    public void adapter(LinearAdapter adapter) {
        this.adapter = adapter;
    }

    /** The fp32 weight (OC, C) this projection reads (its own array, not a copy); null when stored as bf16. */
    public float[] weight() {
        return weight;
    }

    /** The bf16 weight (OC, C), or null when the weight is fp32. */
    public Bf16Weight weightBf16() {
        return weight16;
    }

    public int inFeatures() {
        return C;
    }

    public int outFeatures() {
        return OC;
    }

    /** out (BT, OC) = inp (BT, C) · weightᵀ + bias [+ adapter(inp)]; out is overwritten. */
    public void forward(float[] out, float[] inp, int BT) {
        forward(out, inp, BT, false);
    }

    /**
     * {@link #forward(float[], float[], int)}, or with {@code again} the latest forward once more, bit for
     * bit, for activation recomputation: the adapter, if any, reuses its latest dropout mask and keeps its
     * state.
     */
    public void forward(float[] out, float[] inp, int BT, boolean again) {
        if (adapter == null) {
            baseForward(out, inp, BT);
            return;
        }
        try (HeldInputs held = Matmul.hold(inp)) {
            baseForward(out, inp, BT);
            if (again) {
                adapter.forwardAgain(out, inp, BT);
            } else {
                adapter.forward(out, inp, BT);
            }
        }
    }

    private void baseForward(float[] out, float[] inp, int BT) {
        if (weight16 != null) {
            Matmul.forward(out, inp, weight16, bias, BT, C, OC);
        } else {
            Matmul.forward(out, inp, weight, bias, BT, C, OC);
        }
    }

    /** Differentiates {@code out = inp·Wᵀ + b}: dinp (BT, C) += dout·W; dW += doutᵀ·inp; db += Σ dout. */
    public void backward(float[] dinp, float[] dout, float[] inp, int BT) {
        if (adapter == null) {
            baseBackward(dinp, dout, inp, BT);
            return;
        }
        try (HeldInputs held = Matmul.hold(dout, inp)) {
            baseBackward(dinp, dout, inp, BT);
            adapter.backward(dinp, dout, inp, BT);
        }
    }

    private void baseBackward(float[] dinp, float[] dout, float[] inp, int BT) {
        if (weight16 != null) {
            if (dinp != null) {
                Matmul.backwardInput(dinp, dout, weight16, BT, C, OC);
            }
        } else {
            Matmul.backward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
        }
    }
}
