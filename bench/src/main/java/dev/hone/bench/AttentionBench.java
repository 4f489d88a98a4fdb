package dev.hone.bench;

import dev.hone.engine.kernel.CausalAttention;
import dev.hone.engine.kernel.CausalAttentionReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * JMH benches of causal attention at a small-model shape (B=2, T=256, NH=12, KVH=4, hs=64): the fused
 * Vector API kernel forward and backward (which rebuilds the scores from lse), and the scalar reference
 * forward (which keeps the (T, T) probabilities) as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AttentionBench {
    static final int B = 2;
    static final int T = 256;
    static final int NH = 12;
    static final int KVH = 4;
    static final int HS = 64;

    private float[] q;    // (B, T, NH, hs)
    private float[] k;    // (B, T, KVH, hs)
    private float[] v;    // (B, T, KVH, hs)
    private float[] out;  // (B, T, NH, hs)
    private float[] att;  // (B, NH, T, T) the reference's probabilities
    private float[] lse;  // (B, NH, T) the fused kernel's log-sum-exp
    private float[] dq;   // (B, T, NH, hs)
    private float[] dk;   // (B, T, KVH, hs)
    private float[] dv;   // (B, T, KVH, hs)
    private int[] segments; // (B, T)

    @Setup
    public void setup() {
        Random rng = new Random(2);
        q = random(rng, B * T * NH * HS);
        k = random(rng, B * T * KVH * HS);
        v = random(rng, B * T * KVH * HS);
        out = new float[q.length];
        att = new float[B * NH * T * T];
        lse = new float[B * NH * T];
        dq = new float[q.length];
        dk = new float[k.length];
        dv = new float[v.length];
        segments = new int[B * T];
        CausalAttention.forward(out, lse, q, k, v, segments, B, T, NH, KVH, HS);
    }

    private static float[] random(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /**
     * Floating-point operations of one call: q·k and p·v (2 flops each) over the causal half; backward
     * (q·k again, dout·v, pᵀ·dout, ds·k, dsᵀ·q) 2.5 times that.
     */
    static double flops(String benchmark) {
        double forward = 4.0 * B * NH * (T * (T + 1) / 2.0) * HS;
        return benchmark.endsWith("backward") ? 2.5 * forward : forward;
    }

    @Benchmark
    public float[] forward() {
        CausalAttention.forward(out, lse, q, k, v, segments, B, T, NH, KVH, HS);
        return out;
    }

    @Benchmark
    public float[] backward() {
        CausalAttention.backward(dq, dk, dv, out, lse, q, k, v, segments, B, T, NH, KVH, HS);
        return dq;
    }

    @Benchmark
    public float[] referenceForward() {
        CausalAttentionReference.forward(out, att, q, k, v, segments, B, T, NH, KVH, HS);
        return out;
    }
}
