package dev.hone.engine.kernel;

import jdk.jfr.Recording;

/**
 * The child process of {@link JfrGuardTest}: starts a JFR recording, runs a matmul through {@link Matmul}
 * and prints {@code jfr-guard <active> <max error>} against the scalar reference.
 */
public final class JfrGuardProbe {
    private JfrGuardProbe() {
    }

    public static void main(String[] args) {
        try (Recording recording = new Recording()) {
            recording.start();
            int bt = 8;
            int c = 16;
            int oc = 32;
            float[] inp = new float[bt * c];
            float[] weight = new float[oc * c];
            for (int i = 0; i < inp.length; i++) {
                inp[i] = (i % 7) - 3f;
            }
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (i % 5) * 0.25f;
            }
            float[] out = new float[bt * oc];
            float[] expected = new float[bt * oc];
            Matmul.forward(out, inp, weight, null, bt, c, oc);
            MatmulReference.forward(expected, inp, weight, null, bt, c, oc);
            float worst = 0f;
            for (int i = 0; i < out.length; i++) {
                worst = Math.max(worst, Math.abs(out[i] - expected[i]));
            }
            System.out.println("jfr-guard " + JfrGuard.active() + " " + worst);
        }
    }
}
