package dev.hone.engine.generate;

import dev.hone.engine.kernel.Matmul;
import dev.hone.engine.kernel.Parallel;
import dev.hone.engine.kernel.VectorOps;
import dev.hone.engine.layer.Embedding;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;

import java.util.Arrays;

/**
 * The inference forward pass of a model: runs new tokens at positions {@code cache.length()…},
 * appends their keys and values to a {@link KvCache} and attends over everything cached, so a
 * prompt is prefilled in chunks of up to {@link #CHUNK} tokens and each generated token costs one
 * one-row pass. Reuses the training layers' kernels and reads the same weight arrays as the wrapped
 * {@link CausalLm} (never copies or mutates them), so one base serves any number of concurrent
 * requests and adapters. A LoRA adapter is added on the fly, {@code Wx + (alpha/r)·B(Ax)}.
 * Not a trainer: no activations are kept for a backward. Reference: llama3.java {@code forward}.
 */
public abstract class Decoder {
    /** Most tokens run through one forward chunk during prefill (bounds the scratch memory). */
    public static final int CHUNK = 64;

    protected final ModelConfig c;
    protected final RuntimeAdapter adapter;

    protected Decoder(ModelConfig config, RuntimeAdapter adapter) {
        this.c = config;
        this.adapter = adapter == null ? RuntimeAdapter.NONE : adapter;
    }

    /**
     * The decoder for a loaded model's family.
     *
     * @param model   base weights (usually frozen); read only
     * @param adapter LoRA deltas to add, or {@link RuntimeAdapter#NONE}
     */
    public static Decoder of(CausalLm model, RuntimeAdapter adapter) {
        return switch (model.config().family()) {
            case LLAMA -> new LlamaDecoder(model, adapter);
            case GPT2 -> new Gpt2Decoder(model, adapter);
        };
    }

    public ModelConfig config() {
        return c;
    }

    public RuntimeAdapter adapter() {
        return adapter;
    }

    /** An empty cache for a sequence of at most {@code capacity} tokens (≤ the model's context). */
    public KvCache newCache(int capacity) {
        if (capacity < 1 || capacity > c.maxT()) {
            throw new IllegalArgumentException("a KV cache holds 1.." + c.maxT() + " tokens (the model's context);"
                    + " asked for " + capacity);
        }
        return new KvCache(c.L(), capacity, c.KVH() * c.hs());
    }

    /** Receives one row of logits: {@code logits[offset .. offset+V)} belong to token {@code index}. */
    @FunctionalInterface
    public interface LogitsSink {
        void row(int index, float[] logits, int offset);
    }

    /**
     * Runs {@code tokens} at the next positions of {@code cache} and appends them to it.
     *
     * @param tokens  ids in [0, V), at most {@code cache.capacity() - cache.length()} of them
     * @param allRows true: {@code sink} gets every token's logits (prompt logprobs); false: the last only
     * @param sink    called in token order; the array is scratch, valid only during the call
     */
    public void forward(KvCache cache, int[] tokens, boolean allRows, LogitsSink sink) {
        if (tokens.length == 0 || cache.length + tokens.length > cache.capacity) {
            throw new IllegalArgumentException("forward needs 1.." + (cache.capacity - cache.length)
                    + " tokens (cache holds " + cache.length + " of " + cache.capacity + "); found " + tokens.length);
        }
        for (int t : tokens) {
            if (t < 0 || t >= c.V()) {
                throw new IllegalArgumentException("token id " + t + " is outside the vocabulary [0, " + c.V() + ")");
            }
        }
        int rows = Math.min(CHUNK, tokens.length);
        if (cache.ws == null || !cache.ws.fits(rows, allRows, c.V())) {
            int R = Math.max(rows, cache.ws == null ? 0 : cache.ws.R);
            cache.ws = new Workspace(c, R, cache.capacity, allRows);
        }
        Workspace ws = cache.ws;
        for (int start = 0; start < tokens.length; start += CHUNK) {
            int T = Math.min(CHUNK, tokens.length - start);
            int pos0 = cache.length;
            for (int t = 0; t < T; t++) {
                ws.tok[t] = tokens[start + t];
                ws.pos[t] = pos0 + t;
            }
            body(cache, ws, T, pos0);
            cache.length += T;
            boolean lastChunk = start + T == tokens.length;
            if (allRows) {
                head(ws.logits, ws.xn, T);
                for (int t = 0; t < T; t++) {
                    sink.row(start + t, ws.logits, t * c.V());
                }
            } else if (lastChunk) {
                System.arraycopy(ws.xn, (T - 1) * c.C(), ws.last, 0, c.C());
                head(ws.logits, ws.last, 1);
                sink.row(tokens.length - 1, ws.logits, 0);
            }
        }
    }

    /** Runs T tokens (ws.tok, ws.pos) through every layer; leaves the final-normed rows in ws.xn. */
    protected abstract void body(KvCache cache, Workspace ws, int T, int pos0);

    /** logits (T, V) = xn (T, C) · LM head ᵀ. */
    protected abstract void head(float[] logits, float[] xn, int T);

    /** out (T, OC) = inp (T, C)·Wᵀ + b, plus the adapter's delta for {@code module} if it has one. */
    protected void project(Workspace ws, String module, float[] out, float[] inp, Parameter w, float[] b, int T,
                           int C, int OC) {
        linear(out, inp, w, b, T, C, OC);
        LoraDelta d = adapter.delta(module);
        if (d == null) {
            return;
        }
        int r = d.r();
        if (ws.loraH.length < T * r) {
            ws.loraH = new float[ws.R * r];
        }
        float[] h = ws.loraH;
        linear(h, inp, d.a(), null, T, C, r);
        float[] bm = d.b();
        float s = d.scale();
        Parallel.forRange(T * OC, i -> {
            int t = i / OC;
            int o = i % OC;
            float acc = 0f;
            for (int j = 0; j < r; j++) {
                acc += bm[o * r + j] * h[t * r + j];
            }
            out[i] += s * acc;
        });
    }

    /** out (T, OC) = inp (T, C)·wᵀ + b (the kernel takes a dot-product path for decode's single rows). */
    protected static void linear(float[] out, float[] inp, float[] w, float[] b, int T, int C, int OC) {
        Matmul.forward(out, inp, w, b, T, C, OC);
    }

    /** {@link #linear(float[], float[], float[], float[], int, int, int)} with a weight stored fp32 or bf16. */
    protected static void linear(float[] out, float[] inp, Parameter w, float[] b, int T, int C, int OC) {
        if (w.bf16() != null) {
            Matmul.forward(out, inp, w.bf16(), b, T, C, OC);
        } else {
            Matmul.forward(out, inp, w.data(), b, T, C, OC);
        }
    }

    /** Token (+ position) embedding lookup from a table stored fp32 or bf16. */
    protected static void embed(float[] out, int[] tokens, int[] positions, Parameter wte, float[] wpe, int T,
                                int C) {
        if (wte.bf16() != null) {
            Embedding.forward(out, tokens, positions, wte.bf16(), wpe, T, C);
        } else {
            Embedding.forward(out, tokens, positions, wte.data(), wpe, T, C);
        }
    }

    /** Appends T rows of keys and values (T, KVH*hs) to layer l of the cache at positions pos0…. */
    protected static void append(KvCache cache, int l, float[] k, float[] v, int T, int pos0) {
        System.arraycopy(k, 0, cache.k[l], pos0 * cache.kvDim, T * cache.kvDim);
        System.arraycopy(v, 0, cache.v[l], pos0 * cache.kvDim, T * cache.kvDim);
    }

    /**
     * Causal grouped-query attention of T new queries over the cache of layer l: token t (position
     * p = pos0+t) attends to cached positions 0..p, or with a Mistral-style sliding window W to
     * p−W+1..p (HF masks j ≤ p − W). out (T, NH, hs); q (T, NH, hs).
     * att = softmax(q·kᵀ/√hs), out = att·v, as {@code layer.Attention.forward} does for training.
     */
    protected void attend(float[] out, float[] q, KvCache cache, Workspace ws, int l, int T, int pos0) {
        int NH = c.NH();
        int hs = c.hs();
        int group = NH / c.KVH();
        int kvd = cache.kvDim;
        int cap = cache.capacity;
        float scale = (float) (1.0 / Math.sqrt(hs));
        float[] kc = cache.k[l];
        float[] vc = cache.v[l];
        float[] s = ws.scores;
        int window = c.slidingWindow();
        Parallel.forRange(T * NH, i -> {
            int t = i / NH;
            int h = i % NH;
            int n = pos0 + t + 1;
            int j0 = window > 0 ? Math.max(0, n - window) : 0;
            int qo = (t * NH + h) * hs;
            int ko = (h / group) * hs;
            int so = i * cap;
            for (int j = j0; j < n; j++) {
                s[so + j] = VectorOps.dot(q, qo, kc, j * kvd + ko, hs) * scale;
            }
            VectorOps.softmax(s, so + j0, n - j0);
            Arrays.fill(out, qo, qo + hs, 0f);
            for (int j = j0; j < n; j++) {
                VectorOps.axpy(s[so + j], vc, j * kvd + ko, out, qo, hs);
            }
        });
    }

    /** x (N) += b (N), the residual add. */
    protected static void addInPlace(float[] x, float[] b, int N) {
        for (int i = 0; i < N; i++) {
            x[i] += b[i];
        }
    }
}
