package dev.hone.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** The fused residual + norm forwards give bitwise what the residual add followed by the norm gives. */
class FusedResidualNormTest {
    private static final int N = 13;
    private static final int C = 37;
    private final Random rng = new Random(8);
    private final float[] a = GradCheck.random(rng, N * C, 2f);
    private final float[] b = GradCheck.random(rng, N * C, 2f);
    private final float[] weight = GradCheck.random(rng, C, 1f);
    private final float[] bias = GradCheck.random(rng, C, 1f);

    @Test
    void rmsNorm() {
        float[] res = new float[N * C];
        float[] out = new float[N * C];
        float[] rstd = new float[N];
        Residual.forward(res, a, b, N * C);
        RmsNorm.forward(out, rstd, res, weight, N, C, 1e-5f);
        float[] fusedRes = new float[N * C];
        float[] fusedOut = new float[N * C];
        float[] fusedRstd = new float[N];
        RmsNorm.forwardResidual(fusedRes, fusedOut, fusedRstd, a, b, weight, N, C, 1e-5f);
        assertArrayEquals(res, fusedRes, "res");
        assertArrayEquals(out, fusedOut, "out");
        assertArrayEquals(rstd, fusedRstd, "rstd");
    }

    @Test
    void layerNorm() {
        float[] res = new float[N * C];
        float[] out = new float[N * C];
        float[] mean = new float[N];
        float[] rstd = new float[N];
        Residual.forward(res, a, b, N * C);
        LayerNorm.forward(out, mean, rstd, res, weight, bias, N, C, 1e-5f);
        float[] fusedRes = new float[N * C];
        float[] fusedOut = new float[N * C];
        float[] fusedMean = new float[N];
        float[] fusedRstd = new float[N];
        LayerNorm.forwardResidual(fusedRes, fusedOut, fusedMean, fusedRstd, a, b, weight, bias, N, C, 1e-5f);
        assertArrayEquals(res, fusedRes, "res");
        assertArrayEquals(out, fusedOut, "out");
        assertArrayEquals(mean, fusedMean, "mean");
        assertArrayEquals(rstd, fusedRstd, "rstd");
    }
}
