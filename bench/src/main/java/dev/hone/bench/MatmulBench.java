package dev.hone.bench;

import dev.hone.engine.kernel.Bf16Weight;
import dev.hone.engine.kernel.Matmul;
import dev.hone.engine.kernel.MatmulReference;
import dev.hone.engine.kernel.WeightVersions;
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
 * JMH benches of the three matmul forms at the shape, inp (BT=1024, C=768) by
 * weightᵀ (C=768, OC=3072), plus the scalar reference forward on a BT=32 slice of the same shape as
 * the baseline (the full shape would take seconds per call), the forward with a tracked weight whose
 * packed form is cached ({@code forwardPacked}; the plain {@code forward} packs per call), and the two frozen-weight forms with the
 * weight stored as bf16 (widened per block inside the kernel; compare with forward / backwardInput). {@link KernelBench} turns the times into
 * GFLOP/s. Not a test: nothing here asserts speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatmulBench {
    static final int BT = 1024;
    static final int C = 768;
    static final int OC = 3072;
    static final int BASELINE_BT = 32;

    private float[] inp;     // (BT, C)
    private float[] weight;  // (OC, C)
    private float[] tracked; // (OC, C), a copy of weight that is tracked: its packed form is cached
    private float[] bias;    // (OC)
    private float[] out;     // (BT, OC)
    private float[] dout;    // (BT, OC)
    private float[] dinp;    // (BT, C)
    private float[] dweight; // (OC, C)
    private Bf16Weight weight16; // (OC, C)

    @Setup
    public void setup() {
        Random rng = new Random(1);
        inp = random(rng, BT * C);
        weight = random(rng, OC * C);
        bias = random(rng, OC);
        dout = random(rng, BT * OC);
        out = new float[BT * OC];
        dinp = new float[BT * C];
        dweight = new float[OC * C];
        weight16 = Bf16Weight.rounded(weight, OC, C);
        tracked = weight.clone();
        WeightVersions.track(tracked);
    }

    private static float[] random(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextGaussian() * 0.02);
        }
        return x;
    }

    /** Multiply-adds times two of one call of the named benchmark. */
    static double flops(String benchmark) {
        int rows = benchmark.endsWith("referenceForward") ? BASELINE_BT : BT;
        return 2.0 * rows * C * OC;
    }

    @Benchmark
    public float[] forward() {
        Matmul.forward(out, inp, weight, bias, BT, C, OC);
        return out;
    }

    /** The forward with a weight tracked by {@link WeightVersions}, as AdamW's parameters are: packed once. */
    @Benchmark
    public float[] forwardPacked() {
        Matmul.forward(out, inp, tracked, bias, BT, C, OC);
        return out;
    }

    @Benchmark
    public float[] backwardInput() {
        Matmul.backward(dinp, null, null, dout, inp, weight, BT, C, OC);
        return dinp;
    }

    @Benchmark
    public float[] backwardWeight() {
        Matmul.backward(null, dweight, null, dout, inp, weight, BT, C, OC);
        return dweight;
    }

    @Benchmark
    public float[] forwardBf16() {
        Matmul.forward(out, inp, weight16, bias, BT, C, OC);
        return out;
    }

    @Benchmark
    public float[] backwardInputBf16() {
        Matmul.backwardInput(dinp, dout, weight16, BT, C, OC);
        return dinp;
    }

    @Benchmark
    public float[] referenceForward() {
        MatmulReference.forward(out, inp, weight, bias, BASELINE_BT, C, OC);
        return out;
    }
}
