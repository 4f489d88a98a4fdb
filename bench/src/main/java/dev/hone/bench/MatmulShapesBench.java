package dev.hone.bench;

import dev.hone.engine.kernel.Matmul;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * JMH benches of the three training matmul forms through {@link Matmul} at the real shapes of the
 * issue's cases, {@code BTxCxOC}: GPT-2 124M at B·T = 1024 (qkv 768→2304, attention projection 768→768,
 * MLP 768→3072 and 3072→768, the LM head 768→50257) and SmolLM-135M at B·T = 2048 (576→1536,
 * 1536→576, LM head 576→49152). The backend is whatever the forked JVM selected ({@link KernelBench}
 * runs one fork per backend). A full sweep takes several minutes: run it as
 * {@code bench/run-kernel-bench MatmulShapesBench}, or narrow it, e.g. {@code 'MatmulShapesBench.forward'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatmulShapesBench {
    @Param({"1024x768x2304", "1024x768x768", "1024x768x3072", "1024x3072x768", "1024x768x50257",
        "2048x576x1536", "2048x1536x576", "2048x576x49152"})
    public String shape;

    private int bt;
    private int c;
    private int oc;
    private float[] inp;     // (BT, C)
    private float[] weight;  // (OC, C)
    private float[] out;     // (BT, OC)
    private float[] dout;    // (BT, OC)
    private float[] dinp;    // (BT, C)
    private float[] dweight; // (OC, C)

    @Setup
    public void setup() {
        int[] d = dims(shape);
        bt = d[0];
        c = d[1];
        oc = d[2];
        Random rng = new Random(1);
        inp = random(rng, bt * c);
        weight = random(rng, oc * c);
        dout = random(rng, bt * oc);
        out = new float[bt * oc];
        dinp = new float[bt * c];
        dweight = new float[oc * c];
    }

    static int[] dims(String shape) {
        String[] p = shape.split("x");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    /** Multiply-adds times two of one call at {@code shape}. */
    static double flops(String shape) {
        int[] d = dims(shape);
        return 2.0 * d[0] * d[1] * d[2];
    }

    private static float[] random(Random rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextGaussian() * 0.02);
        }
        return x;
    }

    @Benchmark
    public float[] forward() {
        Matmul.forward(out, inp, weight, null, bt, c, oc);
        return out;
    }

    @Benchmark
    public float[] backwardInput() {
        Matmul.backward(dinp, null, null, dout, inp, weight, bt, c, oc);
        return dinp;
    }

    @Benchmark
    public float[] backwardWeight() {
        Matmul.backward(null, dweight, null, dout, inp, weight, bt, c, oc);
        return dweight;
    }
}
