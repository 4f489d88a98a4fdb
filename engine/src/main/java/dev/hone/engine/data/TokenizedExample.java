package dev.hone.engine.data;

/**
 * One training example after chat rendering and tokenization: token ids and, per token, whether it is
 * a loss target (predicted from the tokens before it). For chat data only assistant tokens are
 * trainable; for prompt/completion data only the completion.
 *
 * @param ids       token ids, at least one; not copied
 * @param trainable trainable[i]: token i is a loss target; same length as ids
 */
public record TokenizedExample(int[] ids, boolean[] trainable) {
    public TokenizedExample {
        if (ids == null || trainable == null || ids.length == 0 || ids.length != trainable.length) {
            throw new IllegalArgumentException("a tokenized example needs at least one id and one trainable flag per"
                    + " id; found " + (ids == null ? "null" : ids.length) + " ids and "
                    + (trainable == null ? "null" : trainable.length) + " flags");
        }
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    /** Loss targets this example yields when its first {@code limit} tokens are kept (see {@link MicroBatch}). */
    public int targetsWithin(int limit) {
        int n = 0;
        for (int i = 1; i < ids.length && i <= limit; i++) {
            n += trainable[i] ? 1 : 0;
        }
        return n;
    }
}
