package dev.hone.engine.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Generates text for a request: one prefill of the prompt (all n choices share it, each then gets a
 * copy of the KV cache), then token by token per choice, round-robin, until a stop token, a stop
 * string, max_tokens or the context ends it. Thread-safe: each call owns its caches, the decoder
 * only reads the weights. Reference: llama3.java {@code generateTokens}; OpenAI completions semantics.
 */
public final class Generator {
    private final Decoder decoder;
    private final Detokenizer detokenizer;

    /**
     * @param decoder     the model (and adapter) to run
     * @param detokenizer ids → text, for stop strings and streamed deltas
     */
    public Generator(Decoder decoder, Detokenizer detokenizer) {
        this.decoder = decoder;
        this.detokenizer = detokenizer;
    }

    /** Generates without streaming or cancellation. */
    public GenerationResult generate(GenerationRequest req) {
        return generate(req, TokenListener.NONE, () -> false);
    }

    /**
     * Generates, reporting each token to {@code listener} as it is made.
     *
     * @param cancelled checked before the prefill, between prefill chunks and before every token; true stops at once
     * @throws ContextLengthExceededException when the prompt fills the model's context
     * @throws GenerationCancelledException  when {@code cancelled} turned true
     */
    public GenerationResult generate(GenerationRequest req, TokenListener listener, BooleanSupplier cancelled) {
        int P = req.prompt().length;
        int V = decoder.config().V();
        int maxT = decoder.config().maxT();
        if (P > maxT || (P == maxT && req.maxTokens() > 0)) {
            throw new ContextLengthExceededException(P, maxT);
        }
        for (int t : req.prompt()) {
            if (t < 0 || t >= V) {
                throw new InvalidGenerationRequestException("prompt", "token id " + t + " is outside this model's"
                        + " vocabulary [0, " + V + "); use ids from the model's own tokenizer");
            }
        }
        int budget = Math.min(req.maxTokens(), maxT - P);    // prompt + completion ≤ context
        if (cancelled.getAsBoolean()) {
            throw new GenerationCancelledException(0);
        }
        if (budget == 0 && !req.promptLogprobs()) {
            return scoredOnly(req, null);
        }
        KvCache cache = decoder.newCache(Math.max(P, P + budget - 1));    // the last token is never run
        float[] first = new float[V];
        List<TokenLogprob> promptLogprobs = req.promptLogprobs() ? new ArrayList<>(P) : null;
        if (promptLogprobs != null) {
            promptLogprobs.add(null);
        }
        for (int start = 0; start < P; start += Decoder.CHUNK) {     // prefill, cancellable per chunk
            if (start > 0 && cancelled.getAsBoolean()) {
                throw new GenerationCancelledException(0);
            }
            int from = start;
            int[] slice = Arrays.copyOfRange(req.prompt(), start, Math.min(P, start + Decoder.CHUNK));
            decoder.forward(cache, slice, req.promptLogprobs(), (j, logits, off) -> {
                int i = from + j;
                if (promptLogprobs != null && i + 1 < P) {
                    promptLogprobs.add(Sampler.logprobOf(logits, off, V, req.prompt()[i + 1], req.topLogprobs()));
                }
                if (i == P - 1) {
                    System.arraycopy(logits, off, first, 0, V);
                }
            });
        }
        if (budget == 0) {
            return scoredOnly(req, promptLogprobs);
        }
        List<ChoiceState> states = new ArrayList<>(req.n());
        for (int i = 0; i < req.n(); i++) {
            states.add(new ChoiceState(i, i == req.n() - 1 ? cache : cache.copy(), first.clone(),
                    new Sampler(req, V, i), new TextTracker(detokenizer, req.stop())));
        }
        int active = req.n();
        int generated = 0;
        while (active > 0) {
            for (ChoiceState s : states) {
                if (s.finish != null) {
                    continue;
                }
                if (cancelled.getAsBoolean()) {
                    throw new GenerationCancelledException(generated);
                }
                generated++;
                if (step(s, req, budget, listener)) {
                    active--;
                }
            }
        }
        List<Choice> choices = new ArrayList<>(req.n());
        int completion = 0;
        for (ChoiceState s : states) {
            choices.add(s.toChoice(req.logprobs()));
            completion += s.completion;
        }
        return new GenerationResult(choices, promptLogprobs, P, completion);
    }

    /** max_tokens 0 (scoring the prompt with echo): n empty choices that end for length. */
    private static GenerationResult scoredOnly(GenerationRequest req, List<TokenLogprob> promptLogprobs) {
        List<Choice> choices = new ArrayList<>(req.n());
        for (int i = 0; i < req.n(); i++) {
            choices.add(new Choice(i, "", new int[0], 0, FinishReason.LENGTH, req.logprobs() ? List.of() : null));
        }
        return new GenerationResult(choices, promptLogprobs, req.prompt().length, 0);
    }

    /** Samples one token for a choice; returns true when the choice finished. */
    private boolean step(ChoiceState s, GenerationRequest req, int budget, TokenListener listener) {
        s.sampler.prepare(s.logits, 0);
        int token = s.sampler.choose();
        s.completion++;
        if (req.isStopToken(token)) {
            return s.finish(FinishReason.STOP, listener);
        }
        TokenLogprob lp = req.logprobs() ? s.sampler.logprob(token) : null;
        s.add(token, lp);
        listener.onToken(s.index, token, s.text.add(token), lp);
        if (s.text.stopped()) {
            return s.finish(FinishReason.STOP, listener);
        }
        if (s.completion == budget) {
            return s.finish(FinishReason.LENGTH, listener);
        }
        decoder.forward(s.cache, new int[] {token}, false,
                (i, logits, off) -> System.arraycopy(logits, off, s.logits, 0, s.logits.length));
        return false;
    }
}
