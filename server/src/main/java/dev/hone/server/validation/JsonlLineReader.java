package dev.hone.server.validation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without ever holding more than {@link #MAX_LINE_BYTES} of one line:
 * the bytes of a longer line are counted and skipped, so a 20 MB line costs no more memory than a short
 * one. Lines end at {@code \n}; a trailing {@code \r} and a UTF-8 byte-order mark on line 1 are dropped.
 * Not a decoder: the bytes are handed on as they are.
 */
final class JsonlLineReader {
    /** Longest line kept (4 MiB): 16x the ~256 KB of text that OpenAI's 65,536-token example cap allows. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[8 * 1024];
    private int length;
    private long fullLength;
    private long number;

    JsonlLineReader(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    JsonlLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of the stream (a final newline opens no extra line). */
    boolean next() throws IOException {
        length = 0;
        fullLength = 0;
        boolean sawAny = false;
        while (true) {
            if (chunkPos == chunkEnd && !fill()) {
                if (!sawAny) {
                    return false;
                }
                break;
            }
            sawAny = true;
            int start = chunkPos;
            int nl = indexOfNewline(start);
            int end = nl < 0 ? chunkEnd : nl;
            append(start, end);
            chunkPos = nl < 0 ? chunkEnd : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        number++;
        trimLine();
        return true;
    }

    /** 1-based number of the current line. */
    long number() {
        return number;
    }

    /** The kept bytes of the current line: valid from 0 to {@link #length()}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** True when the current line was longer than the cap; then only its first bytes were kept. */
    boolean tooLong() {
        return fullLength > maxLineBytes;
    }

    /** The current line's whole length in bytes, including any that were skipped. */
    long fullLength() {
        return fullLength;
    }

    /** True when the current line holds nothing but spaces and tabs. */
    boolean blank() {
        if (tooLong()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        while (n == 0) {
            n = in.read(chunk, 0, chunk.length);
        }
        chunkPos = 0;
        chunkEnd = Math.max(n, 0);
        return n > 0;
    }

    private int indexOfNewline(int from) {
        for (int i = from; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int start, int end) {
        int n = end - start;
        fullLength += n;
        int keep = (int) Math.min(n, Math.max(0, maxLineBytes - (long) length));
        if (keep == 0) {
            return;
        }
        if (length + keep > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(length + keep, line.length * 2)));
        }
        System.arraycopy(chunk, start, line, length, keep);
        length += keep;
    }

    private void trimLine() {
        if (!tooLong() && length > 0 && line[length - 1] == '\r') {
            length--;
            fullLength--;
        }
        if (number == 1 && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                && (line[2] & 0xFF) == 0xBF) {
            System.arraycopy(line, 3, line, 0, length - 3);
            length -= 3;
            fullLength -= 3;
        }
    }
}
