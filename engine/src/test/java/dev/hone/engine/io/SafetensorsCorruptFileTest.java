package dev.hone.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Every way a safetensors file can be broken ends in a typed error naming file and tensor, never a crash. */
class SafetensorsCorruptFileTest {
    @TempDir
    Path dir;

    private Path raw(String name, long headerLength, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private Path raw(String header, int dataBytes) throws IOException {
        return raw("bad.safetensors", header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private String failure(Path p) {
        UnableToReadTensorsException e = assertThrows(UnableToReadTensorsException.class, () -> TensorStore.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        assertTrue(failure(p).contains("expected at least 8"));
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        assertTrue(failure(raw("x.safetensors", 1000, "{}", 0)).contains("header length field says 1000"));
        assertTrue(failure(raw("y.safetensors", -1, "{}", 0)).contains("header length field says 18446744073709551615"));
    }

    @Test
    void headerThatIsNotAJsonObject() throws IOException {
        assertTrue(failure(raw("{\"a\": ", 0)).contains("not valid JSON"));
        assertTrue(failure(raw("[1, 2]", 0)).contains("expected a JSON object"));
        assertTrue(failure(raw("{} {}", 0)).contains("after its JSON object"));
    }

    @Test
    void offsetsPastTheDataSectionAsInATruncatedFile() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafetensorsWriter.write(good, List.of(NamedTensor.vector("a", new float[4]), NamedTensor.vector("last", new float[4])),
                DType.F32, null);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
        String m = failure(cut);
        assertTrue(m.contains("tensor 'last'") && m.contains("[16, 32]") && m.contains("29 bytes"), m);
    }

    @Test
    void offsetsThatDoNotMatchDtypeTimesShape() throws IOException {
        String m = failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24));
        assertTrue(m.contains("tensor 'w'") && m.contains("span 20 bytes") && m.contains("needs 24 bytes"), m);
        m = failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,4]}}", 24));
        assertTrue(m.contains("tensor 'w'") && m.contains("[8, 4]"), m);
    }

    @Test
    void overlappingTensors() throws IOException {
        String m = failure(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16));
        assertTrue(m.contains("'b'") && m.contains("overlap tensor 'a'"), m);
    }

    @Test
    void unknownDtypeMalformedShapeAndDuplicateNames() throws IOException {
        String m = failure(raw("{\"w\":{\"dtype\":\"F7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("tensor 'w'") && m.contains("dtype is \"F7\"") && m.contains("BF16"), m);
        m = failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("shape") && m.contains("non-negative"), m);
        m = failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4));
        assertTrue(m.contains("data_offsets is null"), m);
        m = failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(m.contains("Duplicate field 'w'"), m);
        m = failure(raw("{\"__metadata__\":{\"n\":3}}", 0));
        assertTrue(m.contains("'n'") && m.contains("expected a string"), m);
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheTensor() throws IOException {
        Path p = dir.resolve("nan.safetensors");
        SafetensorsWriter.write(p, List.of(NamedTensor.vector("ok", new float[] {1}),
                NamedTensor.vector("layers.3.w", new float[] {0, 1, Float.NaN, Float.POSITIVE_INFINITY})), DType.BF16, null);
        try (TensorStore store = TensorStore.open(p)) {
            assertArrayEquals(new float[] {1}, store.floats("ok"));
            UnableToReadTensorsException e = assertThrows(UnableToReadTensorsException.class, () -> store.floats("layers.3.w"));
            assertTrue(e.getMessage().contains("'layers.3.w'") && e.getMessage().contains("2 non-finite values")
                    && e.getMessage().contains("flat index 2"), e.getMessage());
        }
    }

    @Test
    void integerTensorsAreListedButNotConverted() throws IOException {
        Path p = raw("{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
        try (TensorStore store = TensorStore.open(p)) {
            assertArrayEquals(new long[] {2}, store.shape("ids"));
            UnableToReadTensorsException e = assertThrows(UnableToReadTensorsException.class, () -> store.floats("ids"));
            assertTrue(e.getMessage().contains("dtype I64"), e.getMessage());
        }
    }

    @Test
    void missingFilesAndBrokenShardIndexes() throws IOException {
        assertTrue(failure(dir).contains("found neither"));
        Path index = dir.resolve(TensorStore.INDEX_FILE);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"../escape.safetensors\"}}");
        assertTrue(failure(dir).contains("expected a file name inside the model directory"));
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\"}}");
        assertTrue(failure(dir).contains("s1.safetensors") && failure(dir).contains("found nothing"));
        SafetensorsWriter.write(dir.resolve("s1.safetensors"), List.of(NamedTensor.vector("b", new float[1])), DType.F32, null);
        String m = failure(dir);
        assertTrue(m.contains("tensor 'a'") && m.contains("s1.safetensors"), m);
        Files.writeString(index, "{\"weight_map\": []}");
        assertTrue(failure(dir).contains("weight_map"));
        Files.writeString(index, "{\"weight_map\": ");
        assertTrue(failure(dir).contains("not valid JSON"));
    }

    @Test
    void readingAfterCloseIsAnErrorNotACrash() {
        Path p = dir.resolve("c.safetensors");
        SafetensorsWriter.write(p, List.of(NamedTensor.vector("a", new float[] {1, 2})), DType.F32, null);
        TensorStore store = TensorStore.open(p);
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.floats("a"));
        assertEquals(1, store.names().size());
    }

    @Test
    void shapeMismatchNamesTensorExpectedAndFound() {
        Path p = dir.resolve("s.safetensors");
        SafetensorsWriter.write(p, List.of(new NamedTensor("q.weight", new long[] {2, 3}, new float[6])), DType.F32, null);
        try (TensorStore store = TensorStore.open(p)) {
            assertArrayEquals(new float[6], store.floats("q.weight", 2, 3));
            UnableToReadTensorsException e = assertThrows(UnableToReadTensorsException.class,
                    () -> store.floats("q.weight", 3, 2));
            assertTrue(e.getMessage().contains("'q.weight' has shape [2, 3]; expected [3, 2]"), e.getMessage());
        }
    }

    @Test
    void filesBeyondTwoGigabytesAreMappedWhole() throws IOException {
        // A sparse file: a 4.4 GB BF16 filler, then a small F32 tensor past the 4 GB mark.
        long filler = 2_200_000_000L;
        String header = "{\"filler\":{\"dtype\":\"BF16\",\"shape\":[" + filler + "],\"data_offsets\":[0," + 2 * filler
                + "]},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + 2 * filler + "," + (2 * filler + 8) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("big.safetensors");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            f.write(h);
            f.seek(8 + h.length + 2 * filler);
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array());
        }
        try (TensorStore store = TensorStore.open(p)) {
            assertArrayEquals(new float[] {1.5f, -2f}, store.floats("x"));
            UnableToReadTensorsException e = assertThrows(UnableToReadTensorsException.class, () -> store.floats("filler"));
            assertTrue(e.getMessage().contains("2200000000 elements"), e.getMessage());
        } finally {
            Files.delete(p);
        }
    }
}
