package dev.hone.engine.layer;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Finite-difference gradient checks: central differences of a scalar loss (summed in double) against
 * the analytic gradient of every element of a tensor. Shared by layer, model and LoRA tests.
 */
public final class GradCheck {
    public static final float EPS = 1e-2f;

    private GradCheck() {
    }

    public static float[] random(Random rng, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextGaussian() * scale);
        }
        return a;
    }

    /** loss = Σ out·g, the scalar whose gradient w.r.t. out is g. */
    public static double dot(float[] out, float[] g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) {
            s += (double) out[i] * g[i];
        }
        return s;
    }

    /** Checks every element of x. */
    public static void check(String name, float[] x, float[] analytic, DoubleSupplier loss) {
        check(name, x, analytic, loss, x.length, null);
    }

    /**
     * Checks up to {@code samples} elements of x (all when samples ≥ x.length, else random ones):
     * |analytic − numeric| ≤ 1e-3 + 2e-2·max(|analytic|, |numeric|). Fails naming tensor and index.
     */
    public static void check(String name, float[] x, float[] analytic, DoubleSupplier loss, int samples,
                             Random rng) {
        int n = Math.min(samples, x.length);
        double maxDiff = 0;
        for (int j = 0; j < n; j++) {
            int i = n == x.length ? j : rng.nextInt(x.length);
            float orig = x[i];
            float xp = orig + EPS;
            float xm = orig - EPS;
            x[i] = xp;
            double lp = loss.getAsDouble();
            x[i] = xm;
            double lm = loss.getAsDouble();
            x[i] = orig;
            double numeric = (lp - lm) / ((double) xp - xm);
            double diff = Math.abs(numeric - analytic[i]);
            maxDiff = Math.max(maxDiff, diff);
            if (diff > 1e-3 + 2e-2 * Math.max(Math.abs(numeric), Math.abs(analytic[i]))) {
                fail(name + "[" + i + "]: analytic " + analytic[i] + " vs finite difference " + numeric);
            }
        }
        loss.getAsDouble();
    }
}
