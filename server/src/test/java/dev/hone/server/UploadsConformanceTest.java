package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.files.FilePurpose;
import com.openai.models.uploads.Upload;
import com.openai.models.uploads.UploadCompleteParams;
import com.openai.models.uploads.UploadCreateParams;
import com.openai.models.uploads.parts.PartCreateParams;
import com.openai.models.uploads.parts.UploadPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** The Uploads API through the official Java SDK (strict mode) against a real server. */
class UploadsConformanceTest {
    @TempDir
    static Path home;
    static TestServer server;
    static OpenAIClient a;

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        a = server.client(TestServer.KEY_A);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Upload create(byte[] content) {
        return a.uploads().create(UploadCreateParams.builder().filename("big.jsonl").purpose(FilePurpose.FINE_TUNE)
                .bytes(content.length).mimeType("text/jsonl").build());
    }

    static String part(String uploadId, byte[] data) {
        UploadPart p = a.uploads().parts().create(uploadId, PartCreateParams.builder().data(data).build());
        assertTrue(p.id().startsWith("part_"));
        return p.id();
    }

    @Test
    void partsCompleteInGivenOrderIntoAFile() throws Exception {
        byte[] all = Datasets.chat(12).getBytes(StandardCharsets.UTF_8);
        int cut = all.length / 3;
        byte[] head = Arrays.copyOfRange(all, 0, cut);
        byte[] tail = Arrays.copyOfRange(all, cut, all.length);
        Upload u = create(all);
        assertEquals(Upload.Status.PENDING, u.status());
        assertTrue(u.id().startsWith("upload_"));
        assertEquals(u.createdAt() + 3600, u.expiresAt());
        String second = part(u.id(), tail);
        String first = part(u.id(), head);

        BadRequestException badMd5 = assertThrows(BadRequestException.class, () -> a.uploads().complete(u.id(),
                UploadCompleteParams.builder().addPartId(first).addPartId(second).md5("00").build()));
        assertEquals("md5", badMd5.param().orElseThrow());
        assertThrows(BadRequestException.class, () -> a.uploads().complete(u.id(),
                UploadCompleteParams.builder().addPartId(first).build()));

        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(all));
        Upload done = a.uploads().complete(u.id(), UploadCompleteParams.builder().addPartId(first).addPartId(second)
                .md5(md5).build());
        assertEquals(Upload.Status.COMPLETED, done.status());
        String fileId = done.file().orElseThrow().id();
        assertEquals(all.length, a.files().retrieve(fileId).bytes());
        try (HttpResponse r = a.files().content(fileId); InputStream in = r.body()) {
            assertArrayEquals(all, in.readAllBytes());
        }
        assertThrows(BadRequestException.class, () -> part(u.id(), head));
        assertThrows(BadRequestException.class, () -> a.uploads().complete(u.id(),
                UploadCompleteParams.builder().addPartId(first).addPartId(second).build()));
    }

    @Test
    void cancelledUploadTakesNoMoreParts() throws IOException {
        Upload u = create(new byte[10]);
        part(u.id(), new byte[4]);
        assertEquals(Upload.Status.CANCELLED, a.uploads().cancel(u.id()).status());
        BadRequestException e = assertThrows(BadRequestException.class, () -> part(u.id(), new byte[6]));
        assertEquals("invalid_upload_state", e.code().orElseThrow());
        assertThrows(BadRequestException.class, () -> a.uploads().cancel(u.id()));
        assertThrows(NotFoundException.class, () -> a.uploads().cancel("upload_nope"));
        Upload mine = create(new byte[10]);
        OpenAIClient b = server.client(TestServer.KEY_B);
        assertThrows(NotFoundException.class, () -> b.uploads().cancel(mine.id()));
        assertThrows(NotFoundException.class, () -> b.uploads().parts().create(mine.id(),
                PartCreateParams.builder().data(new byte[10]).build()));
    }

    @Test
    void createChecksItsFields() {
        BadRequestException notJsonl = assertThrows(BadRequestException.class, () -> a.uploads().create(
                UploadCreateParams.builder().filename("x.csv").purpose(FilePurpose.FINE_TUNE).bytes(10)
                        .mimeType("text/csv").build()));
        assertEquals("filename", notJsonl.param().orElseThrow());
        BadRequestException tooBig = assertThrows(BadRequestException.class, () -> a.uploads().create(
                UploadCreateParams.builder().filename("x.jsonl").purpose(FilePurpose.FINE_TUNE)
                        .bytes(9L * 1024 * 1024 * 1024).mimeType("text/jsonl").build()));
        assertEquals("bytes", tooBig.param().orElseThrow());
    }
}
