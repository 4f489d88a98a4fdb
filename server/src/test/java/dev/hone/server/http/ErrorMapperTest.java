package dev.hone.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.server.Datasets;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The error mapper on a bare routing: API errors keep their fields, anything else is a 500 envelope. */
class ErrorMapperTest {
    @Test
    void everyFailureIsAnOpenAiEnvelope() throws Exception {
        WebServer web = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
            ErrorMapper.install(r);
            r.get("/bad", (req, res) -> {
                throw ApiException.badRequest("field", "invalid_value", "Field is wrong.");
            });
            r.get("/boom", (req, res) -> {
                throw new IllegalStateException("secret internals");
            });
            r.any(ErrorMapper::unknownRoute);
        }).build().start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + web.port();
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/bad")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, bad.statusCode());
            JsonNode e = Datasets.error(bad.body());
            assertEquals("field", e.get("param").asText());
            assertEquals("invalid_value", e.get("code").asText());
            assertEquals("application/json", bad.headers().firstValue("Content-Type").orElseThrow());

            HttpResponse<String> boom = http.send(HttpRequest.newBuilder(URI.create(base + "/boom")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, boom.statusCode());
            JsonNode b = Datasets.error(boom.body());
            assertEquals("server_error", b.get("type").asText());
            assertFalse(boom.body().contains("secret internals"), boom.body());

            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/x")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, none.statusCode());
            assertTrue(Datasets.error(none.body()).get("message").asText().contains("DELETE /v1/x"));
        } finally {
            web.stop();
        }
    }

    @Test
    void conflictsAreNever409() {
        try {
            new ApiException(409, "invalid_request_error", null, null, "conflict");
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("409 was accepted");
    }
}
