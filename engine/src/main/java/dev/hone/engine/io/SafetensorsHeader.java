package dev.hone.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and strictly validates a safetensors header: an 8-byte little-endian length N, then N bytes
 * of JSON mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (relative
 * to the data section that follows), plus an optional {@code __metadata__} map of strings.
 * Every way a header can lie (length beyond the file, offsets out of range or overlapping, a byte
 * count that does not match dtype × shape, an unknown dtype) is reported naming file and tensor.
 * Not a reader of tensor data: see {@link SafetensorsFile}. Reference: the safetensors format spec.
 */
public record SafetensorsHeader(Map<String, TensorEntry> tensors, Map<String, String> metadata, long dataStart) {
    /** The format's own limit on the JSON header (100 MB); larger headers are refused as corrupt. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Map<String, Integer> SAFETENSORS_DTYPE_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));

    /**
     * Reads the header at the start of {@code file} (the whole file's bytes; {@code path} is for messages).
     *
     * @throws UnableToReadTensorsException naming {@code path} when anything is out of spec
     */
    public static SafetensorsHeader parse(Path path, MemorySegment file) {
        long size = file.byteSize();
        if (size < 8) {
            throw fail(path, "the file is " + size + " bytes; expected at least 8 (the header length)."
                    + " The file is truncated or not a safetensors file");
        }
        long n = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8) {
            throw fail(path, "the header length field says " + Long.toUnsignedString(n) + " bytes but the file has "
                    + (size - 8) + " bytes after it (and headers are at most " + MAX_HEADER_BYTES + " bytes)."
                    + " The file is truncated or not a safetensors file");
        }
        byte[] json = file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        JsonNode root = readJson(path, json);
        long dataStart = 8 + n;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) {
                readMetadata(path, e.getValue(), metadata);
            } else {
                tensors.put(e.getKey(), readEntry(path, e.getKey(), e.getValue(), dataSize));
            }
        }
        checkOverlaps(path, tensors.values());
        return new SafetensorsHeader(Map.copyOf(tensors), Map.copyOf(metadata), dataStart);
    }

    private static JsonNode readJson(Path path, byte[] json) {
        JsonNode root;
        try (JsonParser parser = JSON.createParser(json)) {
            root = JSON.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw fail(path, "the header has data after its JSON object; expected exactly one object");
            }
        } catch (IOException e) {
            throw new UnableToReadTensorsException("Unable to read tensors from " + path + ": the header is not"
                    + " valid JSON (" + e.getMessage() + "). The file is corrupt; re-save it", e);
        }
        if (root == null || !root.isObject()) {
            throw fail(path, "the header is " + (root == null ? "empty" : "a JSON " + root.getNodeType())
                    + "; expected a JSON object mapping tensor names to entries");
        }
        return root;
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw fail(path, "__metadata__ is a JSON " + node.getNodeType() + "; expected an object of strings");
        }
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw fail(path, "__metadata__ key '" + m.getKey() + "' is a JSON " + m.getValue().getNodeType()
                        + "; expected a string");
            }
            out.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static TensorEntry readEntry(Path path, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) {
            throw fail(path, where + "entry is a JSON " + node.getNodeType()
                    + "; expected an object with dtype, shape and data_offsets");
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual() || !SAFETENSORS_DTYPE_BYTES.containsKey(dtype.textValue())) {
            throw fail(path, where + "dtype is " + dtype + "; expected one of " + SAFETENSORS_DTYPE_BYTES.keySet());
        }
        long[] shape = readLongs(path, where + "shape", node.get("shape"), -1);
        long[] offsets = readLongs(path, where + "data_offsets", node.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw fail(path, where + "data_offsets [" + begin + ", " + end + "] lie outside the data section of "
                    + dataSize + " bytes; expected 0 <= begin <= end <= " + dataSize
                    + ". The file is truncated or its header lies");
        }
        long expected = byteCount(path, where, shape, SAFETENSORS_DTYPE_BYTES.get(dtype.textValue()));
        if (end - begin != expected) {
            throw fail(path, where + "data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes but dtype " + dtype.textValue() + " × shape " + Arrays.toString(shape) + " needs "
                    + expected + " bytes. The header is corrupt");
        }
        return new TensorEntry(name, dtype.textValue(), shape, begin, end);
    }

    private static long byteCount(Path path, String where, long[] shape, int elementBytes) {
        try {
            long n = elementBytes;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (ArithmeticException e) {
            throw fail(path, where + "shape " + Arrays.toString(shape) + " overflows a 64-bit byte count");
        }
    }

    private static long[] readLongs(Path path, String what, JsonNode node, int expectedLength) {
        if (node == null || !node.isArray() || (expectedLength >= 0 && node.size() != expectedLength)) {
            throw fail(path, what + " is " + node + "; expected an array of "
                    + (expectedLength >= 0 ? expectedLength + " " : "") + "non-negative integers");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw fail(path, what + " is " + node + "; expected non-negative integers");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static void checkOverlaps(Path path, Iterable<TensorEntry> entries) {
        List<TensorEntry> sorted = new ArrayList<>();
        for (TensorEntry e : entries) {
            if (e.end() > e.begin()) {
                sorted.add(e);
            }
        }
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorEntry a = sorted.get(i - 1);
            TensorEntry b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw fail(path, "tensor '" + b.name() + "' data_offsets [" + b.begin() + ", " + b.end()
                        + "] overlap tensor '" + a.name() + "' [" + a.begin() + ", " + a.end()
                        + "]; expected disjoint byte ranges. The header is corrupt");
            }
        }
    }

    private static UnableToReadTensorsException fail(Path path, String detail) {
        return new UnableToReadTensorsException("Unable to read tensors from " + path + ": " + detail + ".");
    }
}
