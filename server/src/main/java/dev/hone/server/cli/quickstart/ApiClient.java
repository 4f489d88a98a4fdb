package dev.hone.server.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few OpenAI API calls the quickstart makes, as plain HTTP (the JDK's {@link HttpClient}) and Jackson:
 * JSON GET/POST and a multipart file upload. Not an SDK: no retries, no paging, no typed responses; a
 * non-2xx answer is a {@link QuickstartException} that carries the server's error body.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apiKey;

    /**
     * @param baseUrl the API root, e.g. {@code http://127.0.0.1:8080/v1} (a trailing slash is ignored)
     * @param apiKey  sent as {@code Authorization: Bearer}; null or blank sends none (open mode)
     */
    public ApiClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET path} (under the base URL), parsed. */
    public JsonNode get(String path) {
        return send(request(path).GET(), "GET " + path);
    }

    /** {@code POST path} with {@code body} as JSON, parsed. */
    public JsonNode post(String path, ObjectNode body) {
        try {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), "POST " + path);
        } catch (IOException e) {
            throw new QuickstartException("Could not encode the request to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Uploads {@code content} as a file named {@code name} with purpose {@code fine-tune}; returns the file. */
    public JsonNode upload(String name, byte[] content) {
        String boundary = "hone-quickstart-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String purpose = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n";
        String fileHead = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n";
        body.writeBytes(purpose.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(fileHead.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "upload " + name);
    }

    /** An empty JSON object to fill for {@link #post}. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(5));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        HttpResponse<String> res;
        try {
            res = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new QuickstartException(what + " failed: cannot reach " + baseUrl + " (" + e.getMessage()
                    + "). Start the server first (./hone serve) or pass --base-url.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuickstartException(what + " was interrupted.", e);
        }
        if (res.statusCode() / 100 != 2) {
            throw new QuickstartException(what + " failed: expected HTTP 2xx, found " + res.statusCode() + ": "
                    + res.body(), null);
        }
        try {
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new QuickstartException(what + ": the server's answer is not JSON: " + res.body(), e);
        }
    }
}
