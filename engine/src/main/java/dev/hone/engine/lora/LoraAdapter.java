package dev.hone.engine.lora;

import dev.hone.engine.kernel.Matmul;
import dev.hone.engine.kernel.VectorOps;
import dev.hone.engine.layer.LinearAdapter;
import dev.hone.engine.model.Parameter;

import java.util.Arrays;

/**
 * The low-rank side path of one projection: out += B · (scale · A · dropout(inp)), scale = alpha/r,
 * with A (r, C) and B (OC, r). The frozen base matmul is the wrapped Linear's own. Dropout masks are a
 * pure function of (seed, forward counter, element), so a resumed run can restore them by restoring the
 * counter.
 * The only per-adapter cache is h = scale·A·xd (BT, r), sized on the first forward; dropout(inp) is rebuilt
 * from inp and the mask in backward, and the other work arrays are a {@link LoraScratch} shared by all
 * adapters of the model. Reference: torchtune {@code LoRALinear}; PEFT {@code lora.Linear}.
 */
public final class LoraAdapter implements LinearAdapter {
    private final Parameter a;       // (r, C)
    private final Parameter b;       // (OC, r)
    private final int C;
    private final int OC;
    private final int r;
    private final float scale;
    private final double dropout;
    private final long seed;
    private long counter;
    private boolean training = true;
    private final LoraScratch scratch;
    private int BT = -1;
    private float[] h;               // (BT, r) scale · A · xd

    LoraAdapter(Parameter a, Parameter b, LoraConfig config, long seed) {
        this(a, b, config, seed, new LoraScratch());
    }

    LoraAdapter(Parameter a, Parameter b, LoraConfig config, long seed, LoraScratch scratch) {
        this.a = a;
        this.b = b;
        this.r = a.shape()[0];
        this.C = a.shape()[1];
        this.OC = b.shape()[0];
        this.scale = config.scale();
        this.dropout = config.dropout();
        this.seed = seed;
        this.scratch = scratch;
    }

    public Parameter a() {
        return a;
    }

    public Parameter b() {
        return b;
    }

    /** Forwards done so far (the dropout stream position); set it to resume a run exactly. */
    public long counter() {
        return counter;
    }

    public void counter(long value) {
        counter = value;
    }

    /** Bytes of this adapter's own cache, h (BT, r); 0 before the first forward. */
    long cacheBytes() {
        return h == null ? 0 : 4L * h.length;
    }

    /** Dropout applies only while training. */
    public void training(boolean on) {
        training = on;
    }

    @Override
    public void forward(float[] out, float[] inp, int BT) {
        if (this.BT != BT) {
            this.BT = BT;
            h = new float[BT * r];
        }
        add(out, inp, BT, counter++);
    }

    /** Recomputes the latest forward (same dropout mask, same bits) without advancing the dropout stream. */
    @Override
    public void forwardAgain(float[] out, float[] inp, int BT) {
        if (this.BT != BT) {
            throw new IllegalStateException("forwardAgain needs a forward of the same BT first; found BT " + BT
                    + ", last forward " + this.BT);
        }
        add(out, inp, BT, counter - 1);
    }

    /**
     * out += B·h with h = scale · A·xd and xd = dropout(inp) by stream's mask; h is kept for backward.
     * Scaling the (BT, r) h rather than the (BT, OC) product saves a pass over the output.
     */
    private void add(float[] out, float[] inp, int BT, long stream) {
        scratch.fit(BT, C, r);
        float[] xd = dropped(inp, BT, stream);
        Matmul.forward(h, xd, a.data(), null, BT, C, r);
        VectorOps.scale(h, 0, BT * r, scale);
        Matmul.forwardAccumulate(out, h, b.data(), BT, r, OC);
    }

    /** dropout(inp) by stream's mask into the shared scratch, or inp itself when dropout is off. */
    private float[] dropped(float[] inp, int BT, long stream) {
        if (!(training && dropout > 0)) {
            return inp;
        }
        float[] xd = scratch.xd;
        float keep = (float) (1.0 / (1.0 - dropout));
        for (int i = 0; i < BT * C; i++) {
            xd[i] = uniform(stream, i) < dropout ? 0f : inp[i] * keep;
        }
        return xd;
    }

    /**
     * Differentiates {@code out += B·h}, h = scale·A·xd: dB += doutᵀ·h, dh = scale·(dout·B),
     * dA += dhᵀ·xd, dinp += (dh·A) ⊙ dropout mask. Uses the mask of the latest forward and inp as
     * given (the forward's input). Without dropout dh·A accumulates straight into dinp.
     */
    @Override
    public void backward(float[] dinp, float[] dout, float[] inp, int BT) {
        scratch.fit(BT, C, r);
        float[] dh = scratch.dh;
        Arrays.fill(dh, 0, BT * r, 0f);
        Matmul.backward(dh, b.grad(), null, dout, h, b.data(), BT, r, OC);
        VectorOps.scale(dh, 0, BT * r, scale);
        long stream = counter - 1;
        if (!(training && dropout > 0)) {
            Matmul.backward(dinp, a.grad(), null, dh, inp, a.data(), BT, C, r);
            return;
        }
        float[] dxd = scratch.dxd;
        Arrays.fill(dxd, 0, BT * C, 0f);
        Matmul.backward(dxd, a.grad(), null, dh, dropped(inp, BT, stream), a.data(), BT, C, r);
        float keep = (float) (1.0 / (1.0 - dropout));
        for (int i = 0; i < BT * C; i++) {
            dinp[i] += uniform(stream, i) < dropout ? 0f : dxd[i] * keep;
        }
    }

    /** A uniform number in [0, 1) from (seed, stream, index): SplitMix64 finalizer. */
    private double uniform(long stream, int index) {
        long z = seed + stream * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
