package dev.hone.engine.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.Random;

/** Finite-difference checks of every input and weight gradient of the element-wise and norm layers. */
class LayerGradientTest {
    private final Random rng = new Random(42);

    @Test
    void embeddingWithLearnedPositions() {
        int BT = 6;
        int C = 4;
        int V = 5;
        int[] tokens = {1, 3, 1, 0, 4, 4};
        int[] positions = {0, 1, 2, 0, 1, 2};
        float[] wte = GradCheck.random(rng, V * C, 1f);
        float[] wpe = GradCheck.random(rng, 3 * C, 1f);
        float[] out = new float[BT * C];
        float[] g = GradCheck.random(rng, BT * C, 1f);
        float[] dwte = new float[V * C];
        float[] dwpe = new float[3 * C];
        Embedding.forward(out, tokens, positions, wte, wpe, BT, C);
        assertEquals(wte[3 * C + 2] + wpe[C + 2], out[C + 2], 0f);
        Embedding.backward(dwte, dwpe, g, tokens, positions, BT, C);
        Runnable fwd = () -> Embedding.forward(out, tokens, positions, wte, wpe, BT, C);
        GradCheck.check("wte", wte, dwte, () -> run(fwd, out, g));
        GradCheck.check("wpe", wpe, dwpe, () -> run(fwd, out, g));
    }

    @Test
    void rmsNorm() {
        int N = 3;
        int C = 8;
        float[] inp = GradCheck.random(rng, N * C, 1f);
        float[] w = GradCheck.random(rng, C, 1f);
        float[] out = new float[N * C];
        float[] rstd = new float[N];
        float[] g = GradCheck.random(rng, N * C, 1f);
        float[] dinp = new float[N * C];
        float[] dw = new float[C];
        Runnable fwd = () -> RmsNorm.forward(out, rstd, inp, w, N, C, 1e-5f);
        fwd.run();
        RmsNorm.backward(dinp, dw, g, inp, w, rstd, N, C);
        GradCheck.check("inp", inp, dinp, () -> run(fwd, out, g));
        GradCheck.check("weight", w, dw, () -> run(fwd, out, g));
    }

    @Test
    void layerNorm() {
        int N = 3;
        int C = 8;
        float[] inp = GradCheck.random(rng, N * C, 1f);
        float[] w = GradCheck.random(rng, C, 1f);
        float[] bias = GradCheck.random(rng, C, 1f);
        float[] out = new float[N * C];
        float[] mean = new float[N];
        float[] rstd = new float[N];
        float[] g = GradCheck.random(rng, N * C, 1f);
        float[] dinp = new float[N * C];
        float[] dw = new float[C];
        float[] db = new float[C];
        Runnable fwd = () -> LayerNorm.forward(out, mean, rstd, inp, w, bias, N, C, 1e-5f);
        fwd.run();
        LayerNorm.backward(dinp, dw, db, g, inp, w, mean, rstd, N, C);
        GradCheck.check("inp", inp, dinp, () -> run(fwd, out, g));
        GradCheck.check("weight", w, dw, () -> run(fwd, out, g));
        GradCheck.check("bias", bias, db, () -> run(fwd, out, g));
    }

    @Test
    void swiGlu() {
        int N = 12;
        float[] gate = GradCheck.random(rng, N, 2f);
        float[] up = GradCheck.random(rng, N, 1f);
        float[] out = new float[N];
        float[] g = GradCheck.random(rng, N, 1f);
        float[] dgate = new float[N];
        float[] dup = new float[N];
        Runnable fwd = () -> SwiGlu.forward(out, gate, up, N);
        fwd.run();
        SwiGlu.backward(dgate, dup, g, gate, up, N);
        GradCheck.check("gate", gate, dgate, () -> run(fwd, out, g));
        GradCheck.check("up", up, dup, () -> run(fwd, out, g));
    }

    @Test
    void geluTanh() {
        int N = 12;
        float[] inp = GradCheck.random(rng, N, 2f);
        float[] out = new float[N];
        float[] g = GradCheck.random(rng, N, 1f);
        float[] dinp = new float[N];
        Runnable fwd = () -> Gelu.forward(out, inp, N);
        fwd.run();
        assertEquals(0.8411920f, geluOf(1f), 1e-6f);
        Gelu.backward(dinp, g, inp, N);
        GradCheck.check("inp", inp, dinp, () -> run(fwd, out, g));
    }

    @Test
    void linearWithBiasAndFrozenWithout() {
        int BT = 4;
        int C = 5;
        int OC = 3;
        float[] inp = GradCheck.random(rng, BT * C, 1f);
        float[] w = GradCheck.random(rng, OC * C, 1f);
        float[] b = GradCheck.random(rng, OC, 1f);
        float[] dw = new float[OC * C];
        float[] db = new float[OC];
        float[] dinp = new float[BT * C];
        float[] out = new float[BT * OC];
        float[] g = GradCheck.random(rng, BT * OC, 1f);
        Linear lin = new Linear(w, dw, b, db, C, OC);
        Runnable fwd = () -> lin.forward(out, inp, BT);
        fwd.run();
        lin.backward(dinp, g, inp, BT);
        GradCheck.check("inp", inp, dinp, () -> run(fwd, out, g));
        GradCheck.check("weight", w, dw, () -> run(fwd, out, g));
        GradCheck.check("bias", b, db, () -> run(fwd, out, g));

        float[] frozenDinp = new float[BT * C];
        Linear frozen = new Linear(w, null, null, null, C, OC);
        frozen.forward(out, inp, BT);
        frozen.backward(frozenDinp, g, inp, BT);
        GradCheck.check("frozen inp", inp, frozenDinp, () -> {
            frozen.forward(out, inp, BT);
            return GradCheck.dot(out, g);
        });
    }

    @Test
    void residualSendsGradientToBothBranches() {
        int N = 6;
        float[] a = GradCheck.random(rng, N, 1f);
        float[] b = GradCheck.random(rng, N, 1f);
        float[] out = new float[N];
        float[] g = GradCheck.random(rng, N, 1f);
        float[] da = new float[N];
        float[] db = new float[N];
        Runnable fwd = () -> Residual.forward(out, a, b, N);
        fwd.run();
        Residual.backward(da, db, g, N);
        GradCheck.check("a", a, da, () -> run(fwd, out, g));
        GradCheck.check("b", b, db, () -> run(fwd, out, g));
        assertArrayEquals(da, db);
    }

    private static float geluOf(float x) {
        float[] o = new float[1];
        Gelu.forward(o, new float[] {x}, 1);
        return o[0];
    }

    static double run(Runnable forward, float[] out, float[] g) {
        forward.run();
        return GradCheck.dot(out, g);
    }
}
