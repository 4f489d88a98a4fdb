package dev.hone.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1f, 0.6f, 0.1f, -1f};

    private static int[] run(GenerationRequest req, int steps) {
        Sampler s = new Sampler(req, 4, 0);
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            s.prepare(LOGITS, 0);
            out[i] = s.choose();
        }
        return out;
    }

    @Test
    void presenceAndFrequencyPenaltiesFollowOpenAisFormula() {
        GenerationRequest.Builder b = GenerationRequest.builder(new int[] {0}).temperature(0);
        assertArrayEquals(new int[] {0, 0, 0, 0}, run(b.build(), 4));
        // z0 after one use: 1 − 0.25 − 0.5 = 0.25 < 0.6 → 1; z1 = 0.6 − 0.75 = −0.15 → 0; z0 = 1 − 0.5 − 0.5 = 0 < 0.1 → 2
        assertArrayEquals(new int[] {0, 1, 0, 2}, run(b.frequencyPenalty(0.25).presencePenalty(0.5).build(), 4));
    }

    @Test
    void logprobsAreOfThePenalisedDistribution() {
        Sampler s = new Sampler(GenerationRequest.builder(new int[] {0}).temperature(0).presencePenalty(1).logprobs(2)
                .build(), 4, 0);
        s.prepare(LOGITS, 0);
        s.choose();
        s.prepare(LOGITS, 0);
        int t = s.choose();
        TokenLogprob lp = s.logprob(t);
        double lse = Math.log(Math.exp(0) + Math.exp(0.6) + Math.exp(0.1) + Math.exp(-1));
        assertEquals(1, t);
        assertEquals(0.6 - lse, lp.logprob(), 1e-6);
        assertEquals(1, lp.top().get(0).token());
        assertEquals(2, lp.top().get(1).token());
    }

    @Test
    void samplingFollowsTheSoftmaxOfTheTemperatureScaledLogits() {
        Sampler s = new Sampler(GenerationRequest.builder(new int[] {0}).temperature(0.5).seed(3).build(), 4, 0);
        int[] hits = new int[4];
        int n = 20000;
        for (int i = 0; i < n; i++) {
            s.prepare(LOGITS, 0);
            hits[s.choose()]++;
        }
        double z = 0;
        for (float l : LOGITS) {
            z += Math.exp(l / 0.5);
        }
        for (int j = 0; j < 4; j++) {
            assertEquals(Math.exp(LOGITS[j] / 0.5) / z, (double) hits[j] / n, 0.015, "token " + j);
        }
    }

    @Test
    void topPKeepsTheSmallestNucleus() {
        // probabilities at T=1: 0.44, 0.30, 0.18, 0.06 → top_p 0.7 keeps tokens 0 and 1 only
        Sampler s = new Sampler(GenerationRequest.builder(new int[] {0}).topP(0.7).seed(5).build(), 4, 0);
        int[] hits = new int[4];
        for (int i = 0; i < 5000; i++) {
            s.prepare(LOGITS, 0);
            hits[s.choose()]++;
        }
        assertEquals(0, hits[2] + hits[3]);
        assertEquals(0.44 / 0.74, hits[0] / 5000.0, 0.03);
    }
}
