package dev.hone.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.llama.LlamaModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

class DecoderTest {
    private static final int V = TinyModels.V;

    private static List<CausalLm> models(int maxT) {
        return List.of(TinyModels.llama(1, maxT), TinyModels.qwen(2, maxT), TinyModels.gpt2(3, maxT));
    }

    @Test
    void prefillLogitsMatchTheTrainingForwardAcrossChunks() {
        int T = 80;
        int[] prompt = TinyModels.randomTokens(7, 70);  // crosses the 64-token chunk boundary
        for (CausalLm m : models(128)) {
            float[] ref = TinyModels.trainingLogits(m, prompt, T);
            Decoder d = Decoder.of(m, RuntimeAdapter.NONE);
            KvCache cache = d.newCache(100);
            float[] got = new float[prompt.length * V];
            d.forward(cache, prompt, true, (i, logits, off) -> System.arraycopy(logits, off, got, i * V, V));
            assertEquals(prompt.length, cache.length());
            float max = 0;
            for (int i = 0; i < got.length; i++) {
                max = Math.max(max, Math.abs(got[i] - ref[i]));
            }
            assertTrue(max < 1e-5, m.config().architecture() + ": max |Δlogit| " + max);
            float[] last = new float[V];
            d.forward(d.newCache(100), prompt, false, (i, logits, off) -> {
                assertEquals(prompt.length - 1, i);
                System.arraycopy(logits, off, last, 0, V);
            });
            assertArrayEquals(Arrays.copyOfRange(got, (prompt.length - 1) * V, prompt.length * V), last, 1e-5f);
        }
    }

    @Test
    void greedyDecodingWithTheCacheEqualsFullRecomputeAtEachStep() {
        int T = 24;
        int[] prompt = {5, 17, 3, 60, 42};
        for (CausalLm m : models(32)) {
            Decoder d = Decoder.of(m, RuntimeAdapter.NONE);
            KvCache cache = d.newCache(T);
            int[] seq = Arrays.copyOf(prompt, T);
            int n = prompt.length;
            float[] row = new float[V];
            d.forward(cache, prompt, false, (i, logits, off) -> System.arraycopy(logits, off, row, 0, V));
            int[] recomputed = Arrays.copyOf(prompt, T);
            while (n < T) {
                seq[n] = TinyModels.argmax(row, 0, V);
                float[] ref = TinyModels.trainingLogits(m, Arrays.copyOf(recomputed, n), T);
                recomputed[n] = TinyModels.argmax(ref, (n - 1) * V, V);
                n++;
                if (n < T) {
                    d.forward(cache, new int[] {seq[n - 1]}, false, (i, logits, off) -> System.arraycopy(logits, off,
                            row, 0, V));
                }
            }
            assertArrayEquals(recomputed, seq, m.config().architecture());
            assertTrue(Arrays.stream(seq, prompt.length, T).distinct().count() > 1, "degenerate test sequence");
        }
    }

    @Test
    void aSlidingWindowAttendsToTheLastWTokensOnly() {
        // One layer, so the last token's output depends only on the tokens in its window; RoPE is
        // relative, so the training forward on just those W tokens at positions 0..W-1 is the reference.
        int W = 5;
        ModelConfig c = new ModelConfig(ModelConfig.Family.LLAMA, "MistralForCausalLM", V, 32, 1, 4, 2, 8, 40, 64,
                1e-5f, 10000.0, null, false, false, false, false, W);
        CausalLm m = TinyModels.fill(new LlamaModel(c, BaseWeights.FROZEN), 4);
        int[] seq = TinyModels.randomTokens(8, 12);
        Decoder d = Decoder.of(m, RuntimeAdapter.NONE);
        float[] got = new float[V];
        d.forward(d.newCache(12), seq, false, (i, l, off) -> System.arraycopy(l, off, got, 0, V));
        float[] ref = TinyModels.trainingLogits(m, Arrays.copyOfRange(seq, 12 - W, 12), W);
        assertArrayEquals(Arrays.copyOfRange(ref, (W - 1) * V, W * V), got, 1e-4f);
    }

    @Test
    void refusesTokensBeyondTheCacheOrVocabulary() {
        Decoder d = Decoder.of(TinyModels.gpt2(3, 16), RuntimeAdapter.NONE);
        KvCache cache = d.newCache(4);
        assertThrows(IllegalArgumentException.class, () -> d.forward(cache, new int[5], false, (i, l, o) -> { }));
        assertThrows(IllegalArgumentException.class, () -> d.forward(cache, new int[] {V}, false, (i, l, o) -> { }));
        assertThrows(IllegalArgumentException.class, () -> d.newCache(17));
    }
}
