package dev.hone.engine.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte ⇄ printable-character map: every byte 0..255 gets one visible Unicode character, so
 * byte-level BPE vocabularies are plain strings ("Ġ" is the space byte 0x20).
 * Printable Latin-1 bytes map to themselves; the other 68 take code points 256, 257, ... in byte order.
 * Reference: GPT-2 {@code encoder.py bytes_to_unicode}, Hugging Face {@code pre_tokenizers/byte_level.rs}.
 */
final class ByteLevel {
    /** GPT-2's pre-tokenizer regex, used by a ByteLevel pre-tokenizer with {@code use_regex: true}. */
    static final String GPT2_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {
    }

    /** The character standing for byte {@code b} (0..255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a character stands for, or -1 when it is not one of the 256 map characters. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** UTF-8 bytes of {@code s}, each replaced by its map character. */
    static String encode(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }
}
