package dev.hone.engine.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One safetensors file, memory-mapped read-only (a {@link MemorySegment}, so files over 2 GB work)
 * with its validated header. Tensor data is converted to fp32 on request and checked for NaN and
 * infinity. Not thread-confined: the mapping uses a shared arena, released by {@link #close()}.
 * Not a directory reader: see {@link TensorStore}.
 */
public final class SafetensorsFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment bytes;
    private final SafetensorsHeader header;
    private boolean closed;

    private SafetensorsFile(Path path, Arena arena, MemorySegment bytes, SafetensorsHeader header) {
        this.path = path;
        this.arena = arena;
        this.bytes = bytes;
        this.header = header;
    }

    /**
     * Maps {@code path} and validates its header.
     *
     * @throws UnableToReadTensorsException naming the file when it cannot be read or is malformed
     */
    public static SafetensorsFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UnableToReadTensorsException("Unable to read tensors from " + path
                    + ": expected a safetensors file there, found " + (Files.exists(path) ? "a directory" : "nothing")
                    + ".");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new SafetensorsFile(path, arena, bytes, SafetensorsHeader.parse(path, bytes));
        } catch (IOException e) {
            arena.close();
            throw new UnableToReadTensorsException("Unable to read tensors from " + path + ": " + e
                    + ". Check that the file exists and is readable", e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** The validated header. */
    public SafetensorsHeader header() {
        return header;
    }

    /** The header entry for {@code name}, or null when the file has no such tensor. */
    public TensorEntry entry(String name) {
        return header.tensors().get(name);
    }

    /** The raw little-endian bytes of a tensor: a read-only view valid until {@link #close()}. */
    public MemorySegment data(TensorEntry e) {
        return bytes.asSlice(header.dataStart() + e.begin(), e.end() - e.begin());
    }

    /**
     * The tensor converted to fp32, row-major.
     *
     * @throws UnableToReadTensorsException naming file and tensor when its dtype is not F32/F16/BF16, it
     *                                      has more than {@code Integer.MAX_VALUE - 8} elements, or it
     *                                      contains NaN or infinity
     */
    public float[] floats(TensorEntry e) {
        DType t = dtype(e);
        long n = e.elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw fail(e, "has " + n + " elements; a single fp32 array holds at most " + (Integer.MAX_VALUE - 8));
        }
        float[] out = new float[(int) n];
        t.codec().decode(data(e), 0, out);
        checkFinite(e, out);
        return out;
    }

    /** The convertible storage type of a tensor, or an error naming it when Hone cannot convert it. */
    public DType dtype(TensorEntry e) {
        return e.dtype().orElseThrow(() -> fail(e, "has dtype " + e.dtypeName()
                + "; expected a floating-point tensor stored as F32, F16 or BF16. Convert the checkpoint"));
    }

    private void checkFinite(TensorEntry e, float[] values) {
        int bad = 0;
        int first = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw fail(e, "contains " + bad + " non-finite values (first at flat index " + first + ": "
                    + values[first] + "); expected only finite numbers. The checkpoint is corrupt or diverged");
        }
    }

    private UnableToReadTensorsException fail(TensorEntry e, String detail) {
        return new UnableToReadTensorsException("Unable to read tensors from " + path + ": tensor '" + e.name()
                + "' " + Arrays.toString(e.shape()) + " " + detail + ".");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
