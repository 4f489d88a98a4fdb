package dev.hone.engine.template;

import java.util.Arrays;

/**
 * A training example as token ids plus its loss mask.
 *
 * @param ids       token ids (T), in order, special tokens included
 * @param trainable (T) {@code trainable[i]} is true when token {@code i} is a loss target: the model is
 *                  trained to produce it (assistant content and end-of-turn, or the completion and EOS)
 */
public record EncodedChat(int[] ids, boolean[] trainable) {
    public EncodedChat {
        if (ids == null || trainable == null || ids.length != trainable.length) {
            throw new IllegalArgumentException("ids and trainable must have the same length: got "
                    + (ids == null ? "null" : ids.length) + " and " + (trainable == null ? "null" : trainable.length));
        }
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    /** Number of loss-target tokens. */
    public int trainableCount() {
        int n = 0;
        for (boolean t : trainable) {
            n += t ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedChat other && Arrays.equals(ids, other.ids) && Arrays.equals(trainable, other.trainable);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(trainable);
    }

    @Override
    public String toString() {
        return "EncodedChat[" + ids.length + " tokens, " + trainableCount() + " trainable]";
    }
}
