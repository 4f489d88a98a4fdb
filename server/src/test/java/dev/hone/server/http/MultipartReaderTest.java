package dev.hone.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hone.server.Multipart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

class MultipartReaderTest {
    /** Hands out at most {@code n} bytes per read, so delimiters straddle reads. */
    static InputStream trickle(byte[] body, int n) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, n));
            }
        };
    }

    @Test
    void partsComeOutIntactWhateverTheReadSizes() throws IOException {
        byte[] file = new byte[300_000];
        new Random(7).nextBytes(file);
        // Plant a near-delimiter inside the content: it must not end the part.
        byte[] near = ("\r\n--" + Multipart.BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(near, 0, file, 1000, near.length);
        byte[] body = new Multipart().field("purpose", "fine-tune").file("file", "a \\\"b\\\".jsonl", file)
                .file("empty", null, new byte[0]).build();
        for (int n : new int[] {1, 7, 4096, 1 << 20}) {
            MultipartReader r = MultipartReader.of(Multipart.CONTENT_TYPE, trickle(body, n));
            MultipartReader.Part p1 = r.next();
            assertEquals("purpose", p1.name());
            assertEquals("fine-tune", p1.text(100));
            MultipartReader.Part p2 = r.next();
            assertEquals("file", p2.name());
            assertEquals("a \"b\".jsonl", p2.filename());
            assertArrayEquals(file, p2.body().readAllBytes());
            MultipartReader.Part p3 = r.next();
            assertEquals("empty", p3.name());
            assertNull(p3.filename());
            assertEquals(0, p3.body().readAllBytes().length);
            assertNull(r.next());
        }
    }

    @Test
    void unreadPartsAreSkipped() throws IOException {
        byte[] body = new Multipart().file("a", "x", new byte[100_000]).field("b", "2").build();
        MultipartReader r = MultipartReader.of(Multipart.CONTENT_TYPE, new ByteArrayInputStream(body));
        assertEquals("a", r.next().name());
        assertEquals("2", r.next().text(10));
        assertNull(r.next());
    }

    @Test
    void truncatedOrForeignBodiesAre400() {
        byte[] body = new Multipart().file("file", "x", new byte[1000]).build();
        byte[] cut = Arrays.copyOf(body, 500);
        ApiException e = assertThrows(ApiException.class, () -> {
            MultipartReader r = MultipartReader.of(Multipart.CONTENT_TYPE, new ByteArrayInputStream(cut));
            r.next().body().readAllBytes();
        });
        assertEquals(400, e.status());
        assertThrows(ApiException.class, () -> MultipartReader.of("application/json", InputStream.nullInputStream()));
        assertThrows(ApiException.class, () -> MultipartReader.of("multipart/form-data", InputStream.nullInputStream()));
    }
}
