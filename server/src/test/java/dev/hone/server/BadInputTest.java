package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Bad input of every kind the acceptance list names gets a 4xx with the OpenAI envelope and leaves
 * nothing behind: no file row, no blob, no temporary blob, no job.
 */
class BadInputTest {
    @TempDir
    static Path home;
    static TestServer server;
    static String goodFile;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(home);
        HttpResponse<String> r = upload(new Multipart().field("purpose", "fine-tune")
                .file("file", "good.jsonl", Datasets.chat(10).getBytes(StandardCharsets.UTF_8)).build());
        assertEquals(200, r.statusCode(), r.body());
        goodFile = Datasets.MAPPER.readTree(r.body()).get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> upload(byte[] body) throws IOException, InterruptedException {
        return server.raw("POST", "/files", Multipart.CONTENT_TYPE, body, TestServer.KEY_A);
    }

    static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /** Asserts a 400 envelope with {@code param}, and that no file, blob or job was left behind. */
    static void assertRejected(HttpResponse<String> r, String param) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode e = Datasets.error(r.body());
        assertEquals("invalid_request_error", e.get("type").asText());
        assertEquals(param, e.get("param").isNull() ? null : e.get("param").asText(), r.body());
        assertEquals(1, count(home.resolve("blobs")), "only the good file's blob remains");
        assertEquals(0, count(home.resolve("tmp")), "no temporary blob remains");
        HttpResponse<String> files = server.raw("GET", "/files", null, null, TestServer.KEY_A);
        assertEquals(1, Datasets.MAPPER.readTree(files.body()).get("data").size(), files.body());
        HttpResponse<String> jobs = server.raw("GET", "/fine_tuning/jobs", null, null, TestServer.KEY_A);
        assertEquals(0, Datasets.MAPPER.readTree(jobs.body()).get("data").size(), jobs.body());
    }

    static HttpResponse<String> createJob(String json) throws IOException, InterruptedException {
        return server.raw("POST", "/fine_tuning/jobs", "application/json", json.getBytes(StandardCharsets.UTF_8),
                TestServer.KEY_A);
    }

    @Test
    void malformedJsonBody() throws Exception {
        assertRejected(createJob("{\"model\": \"gpt-4o-mini\", "), null);
        assertRejected(createJob("[1, 2]"), null);
    }

    @Test
    void wrongTypesAndOversizedSuffix() throws Exception {
        String base = "{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + goodFile + "\",";
        assertRejected(createJob(base + "\"suffix\":5}"), "suffix");
        assertRejected(createJob(base + "\"suffix\":\"" + "s".repeat(65) + "\"}"), "suffix");
        assertRejected(createJob(base + "\"hyperparameters\":{\"n_epochs\":\"many\"}}"), "hyperparameters.n_epochs");
        assertRejected(createJob(base + "\"hyperparameters\":{\"batch_size\":2.5}}"), "hyperparameters.batch_size");
        assertRejected(createJob(base + "\"metadata\":[\"a\"]}"), "metadata");
        assertRejected(createJob(base + "\"integrations\":{\"type\":\"wandb\"}}"), "integrations");
        assertRejected(createJob(base + "\"validation_file\":false}"), "validation_file");
    }

    @Test
    void multipartWithoutAFile() throws Exception {
        assertRejected(upload(new Multipart().field("purpose", "fine-tune").build()), "file");
        assertRejected(server.raw("POST", "/files", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                TestServer.KEY_A), null);
    }

    @Test
    void nonUtf8Line() throws Exception {
        byte[] good = Datasets.chat(3).getBytes(StandardCharsets.UTF_8);
        byte[] bad = Arrays.copyOf(good, good.length + 3);
        bad[good.length] = (byte) 0xC3;
        bad[good.length + 1] = (byte) 0x28;
        bad[good.length + 2] = '\n';
        HttpResponse<String> r = upload(new Multipart().field("purpose", "fine-tune").file("file", "bad.jsonl", bad)
                .build());
        assertRejected(r, "file");
        assertTrue(Datasets.error(r.body()).get("message").asText().contains("line 4"), r.body());
    }

    @Test
    void twentyMegabyteLine() throws Exception {
        byte[] line = ("{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(20 << 20) + "\"}]}\n")
                .getBytes(StandardCharsets.UTF_8);
        assertRejected(upload(new Multipart().field("purpose", "fine-tune").file("file", "long.jsonl", line)
                .build()), "file");
    }

    @Test
    void pathTraversalFilename() throws Exception {
        assertRejected(upload(new Multipart().field("purpose", "fine-tune").file("file", "../../x.jsonl",
                Datasets.chat(10).getBytes(StandardCharsets.UTF_8)).build()), "file");
        assertFalse(Files.exists(home.getParent().resolve("x.jsonl")));
        assertFalse(Files.exists(home.resolve("x.jsonl")));
    }

    @Test
    void emptyFileAndWrongExtensionAndPurpose() throws Exception {
        assertRejected(upload(new Multipart().field("purpose", "fine-tune").file("file", "empty.jsonl", new byte[0])
                .build()), "file");
        assertRejected(upload(new Multipart().field("purpose", "fine-tune").file("file", "data.csv",
                "a,b\n".getBytes(StandardCharsets.UTF_8)).build()), "file");
        assertRejected(upload(new Multipart().field("purpose", "homework").file("file", "t.jsonl",
                Datasets.chat(1).getBytes(StandardCharsets.UTF_8)).build()), "purpose");
        assertRejected(upload(new Multipart().file("file", "t.jsonl", Datasets.chat(1).getBytes(StandardCharsets.UTF_8))
                .build()), "purpose");
    }

    @Test
    void missingKeyAndUnknownRouteUseTheEnvelope() throws Exception {
        HttpResponse<String> noKey = server.raw("GET", "/files", null, null, null);
        assertEquals(401, noKey.statusCode());
        assertEquals("invalid_api_key", Datasets.error(noKey.body()).get("code").asText());
        HttpResponse<String> unknown = server.raw("GET", "/nothing-here", null, null, TestServer.KEY_A);
        assertEquals(404, unknown.statusCode());
        Datasets.error(unknown.body());
    }
}
