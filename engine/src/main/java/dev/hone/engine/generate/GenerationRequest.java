package dev.hone.engine.generate;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What to generate, with OpenAI's parameters and ranges. Build with {@link #builder(int[])}; values
 * out of range throw {@link InvalidGenerationRequestException} naming the parameter.
 *
 * @param prompt           token ids, at least one
 * @param maxTokens        most tokens per choice (≥ 0; 0 with promptLogprobs scores the prompt only);
 *                         generation also ends at the model's context
 * @param temperature      0..2; 0 picks the most likely token (greedy)
 * @param topP             (0, 1]: sample only from the smallest set of tokens whose probability reaches it
 * @param seed             seeds the sampler: the same seed and request give the same tokens
 * @param presencePenalty  -2..2, subtracted once from the logit of every token generated so far
 * @param frequencyPenalty -2..2, subtracted from a token's logit per time it was generated so far
 * @param stop             up to 4 non-empty strings that end a choice (excluded from its text)
 * @param stopTokens       ids that end a choice (EOS, end-of-turn); not part of the text
 * @param n                choices, 1..128, sharing one prompt prefill
 * @param logprobs         whether each generated token gets a {@link TokenLogprob}
 * @param topLogprobs      alternatives per position, 0..20 (with logprobs or promptLogprobs)
 * @param promptLogprobs   whether prompt tokens get logprobs too (echo); the first is null
 */
public record GenerationRequest(int[] prompt, int maxTokens, double temperature, double topP, long seed,
                                double presencePenalty, double frequencyPenalty, List<String> stop,
                                int[] stopTokens, int n, boolean logprobs, int topLogprobs,
                                boolean promptLogprobs) {
    public GenerationRequest {
        check(prompt != null && prompt.length > 0, "prompt", "the prompt must have at least one token");
        check(maxTokens >= 0, "max_tokens", "max_tokens must be at least 0; found " + maxTokens);
        check(temperature >= 0 && temperature <= 2, "temperature", "temperature must be in [0, 2]; found "
                + temperature);
        check(topP > 0 && topP <= 1, "top_p", "top_p must be in (0, 1]; found " + topP);
        check(presencePenalty >= -2 && presencePenalty <= 2, "presence_penalty",
                "presence_penalty must be in [-2, 2]; found " + presencePenalty);
        check(frequencyPenalty >= -2 && frequencyPenalty <= 2, "frequency_penalty",
                "frequency_penalty must be in [-2, 2]; found " + frequencyPenalty);
        check(stop != null && stop.size() <= 4 && stop.stream().noneMatch(s -> s == null || s.isEmpty()), "stop",
                "stop takes up to 4 non-empty strings; found " + stop);
        check(n >= 1 && n <= 128, "n", "n must be in [1, 128]; found " + n);
        check(topLogprobs >= 0 && topLogprobs <= 20, "top_logprobs", "top_logprobs must be in [0, 20]; found "
                + topLogprobs);
        prompt = prompt.clone();
        stop = List.copyOf(stop);
        stopTokens = stopTokens == null ? new int[0] : stopTokens.clone();
    }

    private static void check(boolean ok, String param, String message) {
        if (!ok) {
            throw new InvalidGenerationRequestException(param, message);
        }
    }

    boolean isStopToken(int token) {
        for (int t : stopTokens) {
            if (t == token) {
                return true;
            }
        }
        return false;
    }

    /** Defaults as OpenAI's: max_tokens 16, temperature 1, top_p 1, no penalties, n 1, a random seed. */
    public static Builder builder(int[] prompt) {
        return new Builder(prompt);
    }

    @Override
    public String toString() {
        return "GenerationRequest[prompt=" + prompt.length + " tokens, maxTokens=" + maxTokens + ", temperature="
                + temperature + ", topP=" + topP + ", seed=" + seed + ", n=" + n + ", stop=" + stop
                + ", stopTokens=" + Arrays.toString(stopTokens) + "]";
    }

    /** Builds a {@link GenerationRequest}; every setter is optional. */
    public static final class Builder {
        private final int[] prompt;
        private int maxTokens = 16;
        private double temperature = 1;
        private double topP = 1;
        private long seed = ThreadLocalRandom.current().nextLong();
        private double presencePenalty;
        private double frequencyPenalty;
        private List<String> stop = List.of();
        private int[] stopTokens = new int[0];
        private int n = 1;
        private boolean logprobs;
        private int topLogprobs;
        private boolean promptLogprobs;

        private Builder(int[] prompt) {
            this.prompt = prompt;
        }

        public Builder maxTokens(int v) {
            maxTokens = v;
            return this;
        }

        public Builder temperature(double v) {
            temperature = v;
            return this;
        }

        public Builder topP(double v) {
            topP = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder presencePenalty(double v) {
            presencePenalty = v;
            return this;
        }

        public Builder frequencyPenalty(double v) {
            frequencyPenalty = v;
            return this;
        }

        public Builder stop(List<String> v) {
            stop = v;
            return this;
        }

        public Builder stopTokens(int... v) {
            stopTokens = v;
            return this;
        }

        public Builder n(int v) {
            n = v;
            return this;
        }

        /** Per generated token logprobs with {@code top} alternatives (0..20). */
        public Builder logprobs(int top) {
            logprobs = true;
            topLogprobs = top;
            return this;
        }

        /** Prompt-token logprobs too (echo), with the same number of alternatives. */
        public Builder promptLogprobs(boolean v) {
            promptLogprobs = v;
            return this;
        }

        public GenerationRequest build() {
            return new GenerationRequest(prompt, maxTokens, temperature, topP, seed, presencePenalty,
                    frequencyPenalty, stop, stopTokens, n, logprobs, topLogprobs, promptLogprobs);
        }
    }
}
