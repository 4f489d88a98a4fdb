package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileDeleted;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.models.Model;
import com.openai.models.models.ModelDeleted;
import dev.hone.server.store.ModelDao;
import dev.hone.server.store.SqliteDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Files and Models APIs through the official Java SDK, strict mode, against a real server. */
class FilesConformanceTest {
    @TempDir
    static Path home;
    @TempDir
    static Path scratch;
    static TestServer server;
    static OpenAIClient a;
    static OpenAIClient b;

    @BeforeAll
    static void start() {
        server = TestServer.start(home);
        a = server.client(TestServer.KEY_A);
        b = server.client(TestServer.KEY_B);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Path jsonl(String name, int lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"q").append(i)
                    .append("\"},{\"role\":\"assistant\",\"content\":\"a").append(i).append("\"}]}\n");
        }
        Path p = scratch.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    @Test
    @SuppressWarnings("deprecation") // file status is deprecated but required; the SDK checks it
    void uploadRetrieveContentDelete() throws IOException {
        Path p = jsonl("train.jsonl", 12);
        FileObject f = a.files().create(FileCreateParams.builder().file(p).purpose(FilePurpose.FINE_TUNE).build());
        assertTrue(f.id().startsWith("file-"));
        assertEquals("train.jsonl", f.filename());
        assertEquals(Files.size(p), f.bytes());
        assertEquals(FileObject.Status.PROCESSED, f.status());

        assertEquals(f.id(), a.files().retrieve(f.id()).id());
        try (HttpResponse content = a.files().content(f.id()); InputStream in = content.body()) {
            assertEquals(Files.readString(p), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(content.headers().values("Content-Disposition").getFirst().contains("train.jsonl"));
        }
        NotFoundException foreign = assertThrows(NotFoundException.class, () -> b.files().retrieve(f.id()));
        assertEquals("id", foreign.param().orElseThrow());

        FileDeleted d = a.files().delete(f.id());
        assertTrue(d.deleted());
        assertThrows(NotFoundException.class, () -> a.files().retrieve(f.id()));
        assertThrows(NotFoundException.class, () -> a.files().delete(f.id()));
    }

    @Test
    void listPagesInBothOrdersAndAutoPagerTerminates() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(b.files().create(FileCreateParams.builder().file(jsonl("p" + i + ".jsonl", 1))
                    .purpose(FilePurpose.FINE_TUNE).build()).id());
        }
        b.files().create(FileCreateParams.builder().file("x,y".getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.BATCH).build());

        var page = b.files().list(FileListParams.builder().purpose("fine-tune").limit(2).build());
        assertEquals(List.of(ids.get(4), ids.get(3)), page.data().stream().map(FileObject::id).toList());
        assertTrue(page.hasMore().orElseThrow());

        List<String> all = new ArrayList<>();
        page.autoPager().forEach(f -> all.add(f.id()));
        assertEquals(ids.reversed(), all);

        List<String> asc = new ArrayList<>();
        b.files().list(FileListParams.builder().purpose("fine-tune").order(FileListParams.Order.ASC).limit(3)
                .build()).autoPager().forEach(f -> asc.add(f.id()));
        assertEquals(ids, asc);
        assertEquals(6, b.files().list().data().size());
    }

    @Test
    void wrongOrMissingKeyIs401() {
        OpenAIClient wrong = server.client("sk-wrong");
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> wrong.files().list());
        assertEquals("invalid_api_key", e.code().orElseThrow());
    }

    @Test
    void fineTunedModelsAreListedAndDeletedOnlyByTheirOrganization() throws Exception {
        String id = "ft:gpt-4o-mini-2024-07-18:org-a:demo:Ab12Cd34";
        try (SqliteDatabase db = SqliteDatabase.open(home.resolve("hone.db"))) {
            db.transaction("register model", c -> {
                ModelDao.insert(c, new ModelDao.FineTunedModel(id, "org-a", 1_800_000_000L, "ftjob-x"));
                return null;
            });
        }
        assertEquals("org-a", a.models().retrieve(id).ownedBy());
        assertThrows(NotFoundException.class, () -> b.models().retrieve(id));
        assertThrows(NotFoundException.class, () -> b.models().delete(id));
        var raw = server.raw("GET", "/models/" + id.replace(":", "%3A"), null, null, TestServer.KEY_A);
        assertEquals(200, raw.statusCode(), raw.body());
        ModelDeleted d = a.models().delete(id);
        assertTrue(d.deleted());
        assertEquals(id, d.id());
        assertFalse(a.models().list().data().stream().anyMatch(m -> m.id().equals(id)));
        assertThrows(NotFoundException.class, () -> a.models().delete("gpt-4o-mini"));
    }

    @Test
    void modelsListAliasesAndUnknownDeleteIs404() {
        List<String> ids = a.models().list().data().stream().map(Model::id).toList();
        assertTrue(ids.contains("gpt-4o-mini"));
        assertTrue(ids.contains("gpt-4o-mini-2024-07-18"));
        assertEquals("system", a.models().retrieve("gpt-4o-mini").ownedBy());
        NotFoundException e = assertThrows(NotFoundException.class, () -> a.models().delete("ft:gpt-4o-mini:x::y"));
        assertEquals("model_not_found", e.code().orElseThrow());
        assertFalse(ids.isEmpty());
    }
}
