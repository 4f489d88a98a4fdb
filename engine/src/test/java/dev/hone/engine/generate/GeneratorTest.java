package dev.hone.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.model.CausalLm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

class GeneratorTest {
    private static final int V = TinyModels.V;
    private static final int MAXT = 40;
    private static final int[] PROMPT = {5, 17, 3, 60, 42, 9};
    /** Token j reads as its base-36 digits and a space: "0 ", "1 ", …, "1u ". */
    static final Detokenizer PIECES = ids -> {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(Integer.toString(id, 36)).append(' ');
        }
        return sb.toString();
    };

    static Generator generator(CausalLm m) {
        return new Generator(Decoder.of(m, RuntimeAdapter.NONE), PIECES);
    }

    private static int[] recomputeGreedy(CausalLm m, int[] prompt, int steps) {
        int[] seq = Arrays.copyOf(prompt, prompt.length + steps);
        for (int n = prompt.length; n < seq.length; n++) {
            float[] ref = TinyModels.trainingLogits(m, Arrays.copyOf(seq, n), MAXT);
            seq[n] = TinyModels.argmax(ref, (n - 1) * V, V);
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
    }

    @Test
    void greedyTextWithTheCacheEqualsTheTextOfFullRecompute() {
        for (CausalLm m : List.of(TinyModels.llama(11, MAXT), TinyModels.gpt2(12, MAXT))) {
            GenerationResult r = generator(m).generate(GenerationRequest.builder(PROMPT).temperature(0).maxTokens(14)
                    .build());
            int[] expected = recomputeGreedy(m, PROMPT, 14);
            Choice c = r.choices().get(0);
            assertArrayEquals(expected, c.tokens(), m.config().architecture());
            assertEquals(PIECES.decode(expected), c.text());
            assertEquals(FinishReason.LENGTH, c.finishReason());
            assertEquals(14, r.completionTokens());
            assertEquals(PROMPT.length, r.promptTokens());
        }
    }

    @Test
    void sameSeedSameTokensAndChoiceZeroMatchesASingleChoice() {
        Generator g = generator(TinyModels.llama(11, MAXT));
        GenerationRequest.Builder b = GenerationRequest.builder(PROMPT).temperature(1.3).topP(0.95).maxTokens(20)
                .seed(42);
        GenerationResult one = g.generate(b.build());
        GenerationResult again = g.generate(b.build());
        GenerationResult three = g.generate(b.n(3).build());
        assertArrayEquals(one.choices().get(0).tokens(), again.choices().get(0).tokens());
        assertArrayEquals(one.choices().get(0).tokens(), three.choices().get(0).tokens());
        assertNotEquals(Arrays.toString(three.choices().get(0).tokens()), Arrays.toString(three.choices().get(1).tokens()));
        GenerationResult other = g.generate(b.n(1).seed(43).build());
        assertNotEquals(Arrays.toString(one.choices().get(0).tokens()), Arrays.toString(other.choices().get(0).tokens()));
        assertEquals(60, three.completionTokens());
    }

    @Test
    void aTinyTopPIsGreedyWhateverTheSeed() {
        CausalLm m = TinyModels.gpt2(12, MAXT);
        int[] greedy = recomputeGreedy(m, PROMPT, 8);
        for (long seed = 0; seed < 3; seed++) {
            GenerationResult r = generator(m).generate(GenerationRequest.builder(PROMPT).temperature(2).topP(1e-6)
                    .maxTokens(8).seed(seed).build());
            assertArrayEquals(greedy, r.choices().get(0).tokens());
        }
    }

    @Test
    void stopStringsAcrossTokenBoundariesEndTheTextBeforeThem() {
        Generator g = generator(TinyModels.llama(11, MAXT));
        GenerationRequest.Builder b = GenerationRequest.builder(PROMPT).temperature(0).maxTokens(14);
        String full = g.generate(b.build()).choices().get(0).text();
        int boundary = full.indexOf(' ', full.indexOf(' ', full.indexOf(' ') + 1) + 1) + 1;  // after token 3
        String stop = full.substring(boundary - 2, boundary + 1);  // last digit, space, first digit of token 4
        StringBuilder streamed = new StringBuilder();
        List<FinishReason> reasons = new ArrayList<>();
        GenerationResult r = g.generate(b.stop(List.of("zzz", stop)).build(), new TokenListener() {
            @Override
            public void onToken(int choice, int token, String textDelta, TokenLogprob logprob) {
                streamed.append(textDelta);
            }

            @Override
            public void onFinish(int choice, String textDelta, FinishReason reason) {
                streamed.append(textDelta);
                reasons.add(reason);
            }
        }, () -> false);
        Choice c = r.choices().get(0);
        assertEquals(full.substring(0, full.indexOf(stop)), c.text());
        assertEquals(FinishReason.STOP, c.finishReason());
        assertEquals(c.text(), streamed.toString());
        assertEquals(List.of(FinishReason.STOP), reasons);
    }

    @Test
    void aStopTokenEndsTheChoiceWithoutText() {
        CausalLm m = TinyModels.gpt2(12, MAXT);
        int[] greedy = recomputeGreedy(m, PROMPT, 8);
        int eos = greedy[3];
        int firstEos = 0;
        while (greedy[firstEos] != eos) {
            firstEos++;
        }
        GenerationResult r = generator(m).generate(GenerationRequest.builder(PROMPT).temperature(0).maxTokens(8)
                .stopTokens(eos).build());
        Choice c = r.choices().get(0);
        assertArrayEquals(Arrays.copyOf(greedy, firstEos), c.tokens());
        assertEquals(FinishReason.STOP, c.finishReason());
        assertEquals(firstEos + 1, c.completionTokens());
    }

    @Test
    void streamedDeltasConcatenateToTheTextForEverySampledChoice() {
        Generator g = generator(TinyModels.qwen(13, MAXT));
        GenerationRequest req = GenerationRequest.builder(PROMPT).temperature(0.9).maxTokens(12).n(2).seed(7)
                .stop(List.of("1 ")).build();
        StringBuilder[] parts = {new StringBuilder(), new StringBuilder()};
        GenerationResult r = g.generate(req, new TokenListener() {
            @Override
            public void onToken(int choice, int token, String textDelta, TokenLogprob logprob) {
                parts[choice].append(textDelta);
            }

            @Override
            public void onFinish(int choice, String textDelta, FinishReason reason) {
                parts[choice].append(textDelta);
            }
        }, () -> false);
        GenerationResult plain = g.generate(req);
        for (int i = 0; i < 2; i++) {
            assertEquals(plain.choices().get(i).text(), parts[i].toString());
            assertEquals(r.choices().get(i).text(), parts[i].toString());
        }
    }

    @Test
    void cancellationStopsAtOnce() {
        Generator g = generator(TinyModels.llama(11, MAXT));
        AtomicInteger tokens = new AtomicInteger();
        assertThrows(GenerationCancelledException.class, () -> g.generate(GenerationRequest.builder(PROMPT)
                .maxTokens(20).build(), new TokenListener() {
                    @Override
                    public void onToken(int choice, int token, String textDelta, TokenLogprob logprob) {
                        tokens.incrementAndGet();
                    }
                }, () -> tokens.get() >= 3));
        assertEquals(3, tokens.get());
    }

    @Test
    void aLongPromptIsCancelledBetweenPrefillChunks() {
        Generator g = generator(TinyModels.gpt2(12, 200));
        AtomicInteger checks = new AtomicInteger();
        assertThrows(GenerationCancelledException.class, () -> g.generate(GenerationRequest.builder(
                TinyModels.randomTokens(1, 150)).build(), TokenListener.NONE, () -> checks.incrementAndGet() > 1));
        assertEquals(2, checks.get(), "checked before the prefill and again after its first 64-token chunk");
    }

    @Test
    void concurrentRequestsOnOneModelGiveTheSequentialResults() throws Exception {
        Generator g = generator(TinyModels.llama(11, MAXT));
        List<GenerationRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reqs.add(GenerationRequest.builder(TinyModels.randomTokens(20 + i, 5 + i)).temperature(0.8).seed(i)
                    .maxTokens(12).build());
        }
        List<String> sequential = new ArrayList<>();
        for (GenerationRequest r : reqs) {
            sequential.add(g.generate(r).choices().get(0).text());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<GenerationResult>> futures = new ArrayList<>();
            for (GenerationRequest r : reqs) {
                futures.add(pool.submit(() -> g.generate(r)));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(sequential.get(i), futures.get(i).get().choices().get(0).text());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logprobsMatchTheTrainingForward() {
        CausalLm m = TinyModels.llama(11, MAXT);
        GenerationResult r = generator(m).generate(GenerationRequest.builder(PROMPT).temperature(0).maxTokens(4)
                .logprobs(5).promptLogprobs(true).build());
        int[] out = r.choices().get(0).tokens();
        int[] all = Arrays.copyOf(PROMPT, PROMPT.length + 4);
        System.arraycopy(out, 0, all, PROMPT.length, 4);
        float[] ref = TinyModels.trainingLogits(m, all, MAXT);
        List<TokenLogprob> prompt = r.promptLogprobs();
        assertEquals(PROMPT.length, prompt.size());
        assertNull(prompt.get(0));
        for (int i = 1; i < all.length; i++) {
            TokenLogprob lp = i < PROMPT.length ? prompt.get(i) : r.choices().get(0).logprobs().get(i - PROMPT.length);
            assertEquals(all[i], lp.token());
            assertEquals(logSoftmax(ref, (i - 1) * V, all[i]), lp.logprob(), 1e-4);
            assertEquals(5, lp.top().size());
            for (int k = 1; k < 5; k++) {
                assertTrue(lp.top().get(k - 1).logprob() >= lp.top().get(k).logprob());
            }
            if (i >= PROMPT.length) {
                assertEquals(lp.token(), lp.top().get(0).token(), "greedy picks the most likely token");
            }
        }
    }

    private static float logSoftmax(float[] x, int off, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < V; j++) {
            max = Math.max(max, x[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < V; j++) {
            sum += Math.exp(x[off + j] - max);
        }
        return (float) (x[off + token] - max - Math.log(sum));
    }

    @Test
    void maxTokensZeroScoresThePromptOnly() {
        CausalLm m = TinyModels.gpt2(12, MAXT);
        int[] prompt = TinyModels.randomTokens(4, MAXT);   // a full context is fine when nothing is generated
        GenerationResult r = generator(m).generate(GenerationRequest.builder(prompt).maxTokens(0).logprobs(0)
                .promptLogprobs(true).build());
        float[] ref = TinyModels.trainingLogits(m, prompt, MAXT);
        assertEquals(MAXT, r.promptLogprobs().size());
        assertEquals(logSoftmax(ref, (MAXT - 2) * V, prompt[MAXT - 1]), r.promptLogprobs().get(MAXT - 1).logprob(),
                1e-4);
        assertEquals("", r.choices().get(0).text());
        assertEquals(FinishReason.LENGTH, r.choices().get(0).finishReason());
        assertEquals(0, r.completionTokens());
    }

    @Test
    void generationEndsAtTheContextAndRefusesAFullPrompt() {
        Generator g = generator(TinyModels.gpt2(12, MAXT));
        int[] longPrompt = TinyModels.randomTokens(3, MAXT - 3);
        Choice c = g.generate(GenerationRequest.builder(longPrompt).maxTokens(10).build()).choices().get(0);
        assertEquals(3, c.tokens().length);
        assertEquals(FinishReason.LENGTH, c.finishReason());
        ContextLengthExceededException e = assertThrows(ContextLengthExceededException.class,
                () -> g.generate(GenerationRequest.builder(TinyModels.randomTokens(3, MAXT)).build()));
        assertEquals(MAXT, e.contextLength());
    }

    @Test
    void requestsOutOfRangeNameTheParameter() {
        InvalidGenerationRequestException e = assertThrows(InvalidGenerationRequestException.class,
                () -> GenerationRequest.builder(PROMPT).temperature(2.5).build());
        assertEquals("temperature", e.param());
        assertEquals("stop", assertThrows(InvalidGenerationRequestException.class, () -> GenerationRequest
                .builder(PROMPT).stop(List.of("a", "b", "c", "d", "e")).build()).param());
        Generator g = generator(TinyModels.gpt2(12, MAXT));
        assertEquals("prompt", assertThrows(InvalidGenerationRequestException.class, () -> g.generate(
                GenerationRequest.builder(new int[] {1, V}).build())).param());
        assertEquals("top_logprobs", assertThrows(InvalidGenerationRequestException.class, () -> GenerationRequest
                .builder(PROMPT).logprobs(21).build()).param());
    }
}
