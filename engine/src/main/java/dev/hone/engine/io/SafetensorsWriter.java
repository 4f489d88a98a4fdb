package dev.hone.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes fp32 tensors as a safetensors file, converting to the requested storage type (fp32 → bf16 or
 * f16 rounds to nearest, ties to even). Tensors are laid out contiguously in the given order; the JSON
 * header is padded with spaces to a multiple of 8 bytes, as the reference writer does. The file is
 * written to a temporary sibling, forced to disk and renamed over {@code file}: readers never see a
 * half-written file. Not a streaming writer: each tensor is one {@code float[]}.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_ELEMENTS = 1 << 18;

    private SafetensorsWriter() {
    }

    /**
     * Writes {@code tensors} to {@code file}, replacing it atomically.
     *
     * @param file     target path; its directory must exist
     * @param tensors  unique names, none {@code __metadata__}; written in this order
     * @param storeAs  storage type of every tensor
     * @param metadata stored as {@code __metadata__}; may be empty or null
     * @throws UnableToWriteTensorsException naming the file (and tensor) when input or disk fails
     */
    public static void write(Path file, List<NamedTensor> tensors, DType storeAs, Map<String, String> metadata) {
        byte[] header = header(file, tensors, storeAs, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = temporarySibling(file);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                for (NamedTensor t : tensors) {
                    writeData(ch, t.data(), storeAs.codec());
                }
                ch.force(true);
            }
            move(tmp, file);
            tmp = null;
        } catch (IOException e) {
            throw new UnableToWriteTensorsException("Unable to write tensors to " + file + ": " + e
                    + ". Check free disk space and permissions on " + dir, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static byte[] header(Path file, List<NamedTensor> tensors, DType storeAs, Map<String, String> metadata) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            root.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (NamedTensor t : tensors) {
            if (!seen.add(t.name()) || t.name().equals("__metadata__")) {
                throw new UnableToWriteTensorsException("Unable to write tensors to " + file + ": tensor name '"
                        + t.name() + "' is " + (t.name().equals("__metadata__") ? "reserved" : "used twice")
                        + "; expected unique tensor names.");
            }
            long end = offset + (long) t.data().length * storeAs.byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", storeAs.safetensorsName());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, end});
            root.put(t.name(), entry);
            offset = end;
        }
        try {
            byte[] json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
            int padded = (json.length + 7) / 8 * 8;
            byte[] out = new byte[padded];
            System.arraycopy(json, 0, out, 0, json.length);
            for (int i = json.length; i < padded; i++) {
                out[i] = ' ';
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new UnableToWriteTensorsException("Unable to write tensors to " + file + ": the header could not"
                    + " be encoded (" + e.getMessage() + ")", e);
        }
    }

    private static void writeData(FileChannel ch, float[] data, TensorCodec codec) throws IOException {
        byte[] chunk = new byte[Math.min(data.length, CHUNK_ELEMENTS) * codec.byteSize()];
        MemorySegment seg = MemorySegment.ofArray(chunk);
        for (int from = 0; from < data.length; from += CHUNK_ELEMENTS) {
            int n = Math.min(CHUNK_ELEMENTS, data.length - from);
            codec.encode(data, from, n, seg, 0);
            writeFully(ch, ByteBuffer.wrap(chunk, 0, n * codec.byteSize()));
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * A fresh name beside {@code file} for writing before the rename. Not {@code Files.createTempFile}:
     * that creates mode 0600 files, and the renamed result should get the usual umask permissions.
     */
    static Path temporarySibling(Path file) {
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + suffix + ".tmp");
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the write already failed; the caller gets that error, not this one
        }
    }
}
