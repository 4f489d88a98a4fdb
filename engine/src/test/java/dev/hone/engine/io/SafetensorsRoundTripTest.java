package dev.hone.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Writing and reading back safetensors files in every dtype, single and sharded. */
class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    private static float[] ramp(int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i - n / 2f) * scale;
        }
        return a;
    }

    @Test
    void f32RoundTripIsExactAndKeepsShapesAndMetadata() {
        float[] w = ramp(12, 0.37f);
        float[] b = {Float.MIN_VALUE, -0f, Float.MAX_VALUE};
        Path file = dir.resolve(TensorStore.SINGLE_FILE);
        SafetensorsWriter.write(file, List.of(new NamedTensor("w", new long[] {3, 4}, w), NamedTensor.vector("b", b)),
                DType.F32, Map.of("format", "pt"));
        try (TensorStore store = TensorStore.open(dir)) {
            assertEquals(Set.of("w", "b"), store.names());
            assertArrayEquals(new long[] {3, 4}, store.shape("w"));
            assertEquals(DType.F32, store.dtype("b"));
            assertArrayEquals(w, store.floats("w"));
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(store.floats("b")[1]));
            assertArrayEquals(b, store.floats("b"));
            assertEquals("pt", store.metadata().get("format"));
            assertEquals(3 * 4 * 4, store.bytes("w").byteSize());
        }
    }

    @Test
    void headerIsPaddedToEightBytesAndOffsetsAreContiguous() throws IOException {
        Path file = dir.resolve("x.safetensors");
        SafetensorsWriter.write(file, List.of(NamedTensor.vector("a", new float[3]), NamedTensor.vector("bb", new float[5])),
                DType.BF16, null);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 2 * (3 + 5), bytes.length);
        String header = new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"data_offsets\":[0,6]"), header);
        assertTrue(header.contains("\"data_offsets\":[6,16]"), header);
    }

    @Test
    void bf16StoresRoundedBitsAndReadsThemBackExactly() {
        // fp32 bits → expected bf16 bits (round to nearest, ties to even), computed by hand.
        int[][] cases = {
            {0x3F800000, 0x3F80}, // 1.0
            {0x3F808000, 0x3F80}, // 1 + 2^-8: a tie, even neighbour is below
            {0x3F818000, 0x3F82}, // a tie whose lower neighbour is odd: rounds up
            {0x3F808001, 0x3F81}, // just above the tie: up
            {0x3F807FFF, 0x3F80}, // just below the tie: down
            {0xC0490FDB, 0xC049}, // -pi
            {0x00010000, 0x0001}, // smallest bf16 subnormal is exact
            {0x00008000, 0x0000}, // half of it: tie to even zero
            {0x00018000, 0x0002}, // 1.5 subnormal steps: tie to even 2
            {0x7F7FFFFF, 0x7F80}, // Float.MAX_VALUE overflows to +inf
            {0x80000000, 0x8000}, // -0
        };
        float[] values = new float[cases.length];
        for (int i = 0; i < cases.length; i++) {
            values[i] = Float.intBitsToFloat(cases[i][0]);
            assertEquals((short) cases[i][1], Bf16Codec.fromFloat(values[i]), "case " + Integer.toHexString(cases[i][0]));
        }
        assertEquals((short) 0x7FC0, Bf16Codec.fromFloat(Float.NaN));
        float[] finite = java.util.Arrays.copyOf(values, values.length - 2);
        Path file = dir.resolve("b.safetensors");
        SafetensorsWriter.write(file, List.of(NamedTensor.vector("t", finite)), DType.BF16, Map.of());
        try (TensorStore store = TensorStore.open(file)) {
            assertEquals(DType.BF16, store.dtype("t"));
            short[] raw = store.bytes("t").toArray(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN));
            float[] back = store.floats("t");
            for (int i = 0; i < finite.length; i++) {
                assertEquals((short) cases[i][1], raw[i]);
                assertEquals(cases[i][1] << 16, Float.floatToRawIntBits(back[i]));
            }
        }
    }

    @Test
    void f16StoresRoundedBitsIncludingSubnormalsAndReadsThemBackExactly() {
        float tiny = 0x1p-24f;
        float[][] cases = {
            {1f, 0x3C00}, {-2f, 0xC000}, {65504f, 0x7BFF},
            {1f + 0x1p-11f, 0x3C00},     // tie: even neighbour 1.0
            {1f + 3 * 0x1p-11f, 0x3C02}, // tie whose lower neighbour is odd: up
            {tiny, 0x0001},              // smallest subnormal
            {tiny / 2, 0x0000},          // tie to even zero
            {tiny * 1.5f, 0x0002},       // tie to even 2
            {1023 * tiny, 0x03FF},       // largest subnormal
            {0x1p-14f, 0x0400},          // smallest normal
        };
        float[] values = new float[cases.length];
        for (int i = 0; i < cases.length; i++) {
            values[i] = cases[i][0];
        }
        assertEquals((short) 0x7C00, Float.floatToFloat16(65520f), "rounds past the largest half to +inf");
        Path file = dir.resolve("h.safetensors");
        SafetensorsWriter.write(file, List.of(new NamedTensor("h", new long[] {2, 5}, values)), DType.F16, null);
        try (TensorStore store = TensorStore.open(file)) {
            assertEquals(DType.F16, store.dtype("h"));
            short[] raw = store.bytes("h").toArray(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN));
            float[] back = store.floats("h");
            for (int i = 0; i < cases.length; i++) {
                assertEquals((short) (int) cases[i][1], raw[i], "case " + cases[i][0]);
            }
            assertEquals(1f, back[0]);
            assertEquals(1f, back[3]);
            assertEquals(1f + 4 * 0x1p-11f, back[4]);
            assertEquals(tiny, back[5]);
            assertEquals(0f, back[6]);
            assertEquals(2 * tiny, back[7]);
            assertEquals(1023 * tiny, back[8]);
        }
    }

    @Test
    void shardedDirectoryReadsEveryTensorFromItsShard() throws IOException {
        SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"),
                List.of(NamedTensor.vector("a.weight", ramp(4, 1f)), NamedTensor.vector("b.weight", ramp(3, 2f))),
                DType.BF16, Map.of());
        SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"),
                List.of(NamedTensor.vector("c.weight", ramp(5, 0.5f))), DType.F32, Map.of());
        Files.writeString(dir.resolve(TensorStore.INDEX_FILE), """
                {"metadata": {"total_size": 34},
                 "weight_map": {"a.weight": "model-00001-of-00002.safetensors",
                                "b.weight": "model-00001-of-00002.safetensors",
                                "c.weight": "model-00002-of-00002.safetensors"}}""");
        try (TensorStore store = TensorStore.open(dir)) {
            assertEquals(Set.of("a.weight", "b.weight", "c.weight"), store.names());
            assertArrayEquals(ramp(4, 1f), store.floats("a.weight"));
            assertArrayEquals(ramp(5, 0.5f), store.floats("c.weight"));
            assertEquals(DType.BF16, store.dtype("b.weight"));
            assertEquals("34", store.metadata().get("total_size"));
            assertFalse(store.contains("d.weight"));
            MissingTensorException e = assertThrows(MissingTensorException.class, () -> store.floats("x.c.weight"));
            assertTrue(e.getMessage().contains("'x.c.weight'") && e.getMessage().contains("'c.weight' is present"), e.getMessage());
        }
    }

    @Test
    void rewriteReplacesTheFileAndLeavesNoTemporaries() throws IOException {
        Path file = dir.resolve(TensorStore.SINGLE_FILE);
        SafetensorsWriter.write(file, List.of(NamedTensor.vector("a", new float[] {1, 2})), DType.F32, null);
        SafetensorsWriter.write(file, List.of(NamedTensor.vector("a", new float[] {3, 4, 5})), DType.F32, null);
        try (TensorStore store = TensorStore.open(dir)) {
            assertArrayEquals(new float[] {3, 4, 5}, store.floats("a"));
        }
        assertThrows(UnableToWriteTensorsException.class, () -> SafetensorsWriter.write(file,
                List.of(NamedTensor.vector("a", new float[1]), NamedTensor.vector("a", new float[1])), DType.F32, null));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the target file remains");
        }
        try (TensorStore store = TensorStore.open(dir)) {
            assertArrayEquals(new float[] {3, 4, 5}, store.floats("a"), "a failed write leaves the old file intact");
        }
    }
}
