package dev.hone.bench;

import dev.hone.engine.generate.Decoder;
import dev.hone.engine.generate.GenerationRequest;
import dev.hone.engine.generate.Generator;
import dev.hone.engine.generate.KvCache;
import dev.hone.engine.generate.LoadedModel;
import dev.hone.engine.generate.TokenListener;
import dev.hone.engine.generate.TokenLogprob;
import dev.hone.engine.kernel.Kernels;
import dev.hone.engine.kernel.Parallel;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.llama.LlamaModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end generation throughput on a SmolLM-135M-shaped Llama (hidden 576, 30 layers, 9 heads,
 * 3 KV heads, intermediate 1536, vocab 49152, tied embeddings) with random weights: time to first
 * token and decode tokens/s for one request and for 4 concurrent requests, and, measured in the
 * same run as the baseline, decoding without the KV cache (the whole sequence recomputed for every
 * token). Entry point of {@code bench/run-generate-bench}. Arguments: prompt tokens (default 128),
 * generated tokens (default 64). Not a test: numbers depend on the machine and its load.
 */
public final class GenerateBench {
    private GenerateBench() {
    }

    public static void main(String[] args) throws Exception {
        int promptLen = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int gen = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        ModelConfig c = ModelConfig.llama(49152, 576, 30, 9, 3, 1536, 2048, true);
        long t0 = System.nanoTime();
        LlamaModel model = new LlamaModel(c, BaseWeights.FROZEN);
        randomize(model);
        System.out.printf(Locale.ROOT, "model: SmolLM-135M shape, %.1fM parameters, random weights (%.1f s to build);"
                + " kernels %s, %d threads%n", model.parameters().count() / 1e6, (System.nanoTime() - t0) / 1e9,
                Kernels.backend(), Parallel.threads());
        LoadedModel loaded = LoadedModel.of(model);
        Generator g = loaded.generator(ids -> "");
        int[] prompt = tokens(promptLen, 1);
        run(g, tokens(16, 9), 4);  // warm up the JIT
        run(g, tokens(16, 9), 4);

        Timing one = run(g, prompt, gen);
        System.out.printf(Locale.ROOT, "1 request:    prompt %d, generated %d: time to first token %.1f ms, decode %.1f"
                + " tokens/s%n", promptLen, gen, one.ttftMs, one.decodeTokensPerSecond());

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Timing>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            int[] p = tokens(promptLen, 2 + i);
            futures.add(pool.submit(() -> run(g, p, gen)));
        }
        double ttft = 0;
        double decode = 0;
        for (Future<Timing> f : futures) {
            ttft += f.get().ttftMs / 4;
            decode += f.get().decodeTokensPerSecond();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "4 concurrent: mean time to first token %.1f ms, decode %.1f tokens/s summed"
                + " over requests; %.1f generated tokens/s overall, prefills included (%d tokens in %.2f s)%n", ttft,
                decode, 4 * gen / wall, 4 * gen, wall);

        int shortPrompt = 16;
        int steps = 16;
        Timing cached = run(g, tokens(shortPrompt, 5), steps);
        double recompute = recomputeTokensPerSecond(loaded.decoder(), tokens(shortPrompt, 5), steps);
        System.out.printf(Locale.ROOT, "baseline (prompt %d, %d tokens): without KV cache %.2f tokens/s, with KV"
                + " cache %.2f tokens/s: ratio %.1fx%n", shortPrompt, steps, recompute,
                cached.decodeTokensPerSecond(), cached.decodeTokensPerSecond() / recompute);
    }

    private record Timing(double ttftMs, double decodeSeconds, int decoded) {
        double decodeTokensPerSecond() {
            return decoded / decodeSeconds;
        }
    }

    /** Greedy generation of exactly {@code gen} tokens; times the first token and the rest. */
    private static Timing run(Generator g, int[] prompt, int gen) {
        long[] first = {0};
        long[] last = {0};
        long start = System.nanoTime();
        g.generate(GenerationRequest.builder(prompt).temperature(0).maxTokens(gen).build(), new TokenListener() {
            @Override
            public void onToken(int choice, int token, String textDelta, TokenLogprob logprob) {
                long now = System.nanoTime();
                if (first[0] == 0) {
                    first[0] = now;
                }
                last[0] = now;
            }
        }, () -> false);
        return new Timing((first[0] - start) / 1e6, (last[0] - first[0]) / 1e9, gen - 1);
    }

    /** Decoding by running the whole sequence again for every new token (no cache reuse). */
    private static double recomputeTokensPerSecond(Decoder d, int[] prompt, int steps) {
        int[] seq = Arrays.copyOf(prompt, prompt.length + steps);
        int V = d.config().V();
        float[] row = new float[V];
        long start = System.nanoTime();
        for (int n = prompt.length; n < seq.length; n++) {
            KvCache cache = d.newCache(n);
            d.forward(cache, Arrays.copyOf(seq, n), false, (i, l, off) -> System.arraycopy(l, off, row, 0, V));
            int best = 0;
            for (int j = 1; j < V; j++) {
                if (row[j] > row[best]) {
                    best = j;
                }
            }
            seq[n] = best;
        }
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    private static int[] tokens(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(49152);
        }
        return t;
    }

    private static void randomize(LlamaModel model) {
        SplittableRandom rng = new SplittableRandom(42);
        for (Parameter p : model.parameters()) {
            boolean norm = p.shape().length == 1;
            float[] d = p.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = norm ? 1f : (float) (rng.nextDouble() - 0.5) * 0.08f;
            }
        }
    }
}
