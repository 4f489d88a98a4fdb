package dev.hone.server.integrations.wandb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.server.Datasets;
import dev.hone.server.Multipart;
import dev.hone.server.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

/**
 * Creating a job with a {@code wandb} integration: refused with a 400 naming {@code integrations} and what
 * to set when the organization has no W&amp;B key; accepted (and the key never shown) when it has one; the
 * 5-integration and tag limits.
 */
class WandbJobCreationTest {
    static final String SECRET = "wandbsecret0123456789abcdef0123456789ab";
    static final String INTEGRATION = "{\"type\":\"wandb\",\"wandb\":{\"project\":\"p\",\"tags\":[\"x\"]}}";

    @TempDir
    Path home;

    static String upload(TestServer server, String key) throws Exception {
        HttpResponse<String> r = server.raw("POST", "/files", Multipart.CONTENT_TYPE, new Multipart()
                .field("purpose", "fine-tune").file("file", "train.jsonl", Datasets.chat(10)
                        .getBytes(StandardCharsets.UTF_8)).build(), key);
        assertEquals(200, r.statusCode(), r.body());
        return Datasets.MAPPER.readTree(r.body()).get("id").asText();
    }

    static HttpResponse<String> create(TestServer server, String key, String file, String integrations)
            throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + file + "\",\"integrations\":" + integrations
                + "}";
        return server.raw("POST", "/fine_tuning/jobs", "application/json", body.getBytes(StandardCharsets.UTF_8), key);
    }

    @Test
    void withoutAKeyTheJobIsRefusedAndTheMessageSaysWhatToSet() throws Exception {
        try (TestServer server = TestServer.start(home, Map.of("HONE_API_KEYS", TestServer.KEY_A + ":org-a,"
                + TestServer.KEY_B + ":org-b", "HONE_WANDB_API_KEYS", "org-b=" + SECRET))) {
            String file = upload(server, TestServer.KEY_A);
            HttpResponse<String> r = create(server, TestServer.KEY_A, file, "[" + INTEGRATION + "]");
            assertEquals(400, r.statusCode(), r.body());
            JsonNode e = Datasets.error(r.body());
            assertEquals("integrations", e.get("param").asText());
            assertTrue(e.get("message").asText().contains("HONE_WANDB_API_KEY"), r.body());
            assertFalse(r.body().contains(SECRET), r.body());

            HttpResponse<String> none = create(server, TestServer.KEY_A, file, "[]");
            assertEquals(200, none.statusCode(), "no integration needs no key: " + none.body());

            String fileB = upload(server, TestServer.KEY_B);
            HttpResponse<String> ok = create(server, TestServer.KEY_B, fileB, "[" + INTEGRATION + "]");
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("p", Datasets.MAPPER.readTree(ok.body()).get("integrations").get(0).get("wandb")
                    .get("project").asText());
            assertFalse(ok.body().contains(SECRET), ok.body());
            String id = Datasets.MAPPER.readTree(ok.body()).get("id").asText();
            HttpResponse<String> events = server.raw("GET", "/fine_tuning/jobs/" + id + "/events", null, null,
                    TestServer.KEY_B);
            assertFalse(events.body().contains(SECRET), events.body());
        }
    }

    @Test
    void integrationAndTagLimits() throws Exception {
        try (TestServer server = TestServer.start(home, Map.of("HONE_API_KEYS", TestServer.KEY_A + ":org-a",
                "HONE_WANDB_API_KEY", SECRET))) {
            String file = upload(server, TestServer.KEY_A);
            String six = "[" + String.join(",", Collections.nCopies(6, INTEGRATION)) + "]";
            assertEquals("integrations", Datasets.errorParam(create(server, TestServer.KEY_A, file, six).body()));
            String five = "[" + String.join(",", Collections.nCopies(5, INTEGRATION)) + "]";
            assertEquals(200, create(server, TestServer.KEY_A, file, five).statusCode());
            String longTag = "[{\"type\":\"wandb\",\"wandb\":{\"project\":\"p\",\"tags\":[\"" + "t".repeat(65) + "\"]}}]";
            assertEquals("integrations[0].wandb.tags", Datasets.errorParam(create(server, TestServer.KEY_A, file,
                    longTag).body()));
            String manyTags = "[{\"type\":\"wandb\",\"wandb\":{\"project\":\"p\",\"tags\":["
                    + String.join(",", Collections.nCopies(51, "\"t\"")) + "]}}]";
            assertEquals("integrations[0].wandb.tags", Datasets.errorParam(create(server, TestServer.KEY_A, file,
                    manyTags).body()));
        }
    }
}
