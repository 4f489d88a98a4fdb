package dev.hone.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The independent reference for tokenizer tests: Hugging Face's Rust {@code tokenizers} through the
 * DJL jar (its native library ships inside the jar, so this runs offline). Truncation and padding are
 * off so long texts are compared whole.
 */
final class HfOracle implements AutoCloseable {
    private final HuggingFaceTokenizer plain;
    private final HuggingFaceTokenizer withSpecial;

    HfOracle(Path tokenizerJson) {
        try {
            plain = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(false)
                    .optTruncation(false).optPadding(false).build();
            withSpecial = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(true)
                    .optTruncation(false).optPadding(false).build();
        } catch (IOException e) {
            throw new UncheckedIOException("oracle cannot read " + tokenizerJson, e);
        }
    }

    int[] encode(String text) {
        return toInts(plain.encode(text).getIds());
    }

    int[] encodeWithSpecialTokens(String text) {
        return toInts(withSpecial.encode(text).getIds());
    }

    String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return plain.decode(longs, false);
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public void close() {
        plain.close();
        withSpecial.close();
    }
}
