package dev.hone.engine.generate;

/**
 * Turns token ids into text; {@code tokenizer::decode} fits. An incomplete UTF-8 sequence at the end
 * (a byte-level token that splits a character) must decode to U+FFFD replacement characters, as
 * {@code new String(bytes, UTF_8)} does: the generator holds such a tail back until it completes.
 */
@FunctionalInterface
public interface Detokenizer {
    String decode(int[] ids);
}
