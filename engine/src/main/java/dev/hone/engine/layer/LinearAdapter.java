package dev.hone.engine.layer;

/**
 * A trainable side path added to a {@link Linear}'s output, such as a LoRA adapter. It owns its
 * own weights, grads and activation caches; the Linear calls it after the base matmul.
 */
public interface LinearAdapter {
    /** out (BT, OC) += adapter(inp (BT, C)). */
    void forward(float[] out, float[] inp, int BT);

    /**
     * Recomputes the latest {@link #forward}'s addition to out, bit for bit (same dropout mask), without
     * advancing any state: activation recomputation runs a block's forward again before its backward.
     */
    void forwardAgain(float[] out, float[] inp, int BT);

    /** Accumulates the adapter's own grads and dinp (BT, C) += ∂/∂inp of the added term. */
    void backward(float[] dinp, float[] dout, float[] inp, int BT);
}
