package dev.hone.engine.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The running state of one choice: its KV cache, next-token logits, sampler, text and tokens so far. */
final class ChoiceState {
    final int index;
    final float[] logits;        // (V) of the next position
    final Sampler sampler;
    final TextTracker text;
    KvCache cache;
    int[] tokens = new int[16];
    int count;
    int completion;
    final List<TokenLogprob> logprobs = new ArrayList<>();
    FinishReason finish;

    ChoiceState(int index, KvCache cache, float[] logits, Sampler sampler, TextTracker text) {
        this.index = index;
        this.cache = cache;
        this.logits = logits;
        this.sampler = sampler;
        this.text = text;
    }

    void add(int token, TokenLogprob lp) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, 2 * count);
        }
        tokens[count++] = token;
        if (lp != null) {
            logprobs.add(lp);
        }
    }

    /** Ends the choice, flushing held-back text to the listener; always true. */
    boolean finish(FinishReason reason, TokenListener listener) {
        finish = reason;
        cache = null;
        listener.onFinish(index, text.finish(), reason);
        return true;
    }

    Choice toChoice(boolean withLogprobs) {
        return new Choice(index, text.text(), Arrays.copyOf(tokens, count), completion, finish,
                withLogprobs ? List.copyOf(logprobs) : null);
    }
}
