package dev.hone.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * JSON in and out of the HTTP layer. Wire records use camelCase components that are written in
 * snake_case; map keys (metadata) are written as given. Request bodies are read as trees so that every
 * wrong type can be reported with its {@code param}. Not a general JSON utility for the engine.
 */
public final class Json {
    /** Largest JSON request body accepted; the biggest legitimate one (a job create) is a few KB. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Writes {@code body} as the 200 JSON response. */
    public static void send(ServerResponse res, Object body) {
        send(res, 200, body);
    }

    /** Writes {@code body} as a JSON response with {@code status}. */
    public static void send(ServerResponse res, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + body.getClass().getSimpleName(), e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes);
    }

    /**
     * Reads the request body as one JSON object. An empty body reads as {@code {}} (some clients send
     * none on POST actions).
     *
     * @throws ApiException 400 when the body is not JSON, not an object, or larger than {@link #MAX_BODY_BYTES}
     */
    public static ObjectNode readObject(ServerRequest req) {
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.badRequest(null, "Could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw ApiException.badRequest(null, "The JSON request body is larger than " + MAX_BODY_BYTES
                    + " bytes; send a smaller body.");
        }
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw ApiException.badRequest(null, "We could not parse the JSON body of your request. (HINT: This"
                    + " likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON"
                    + " payload, but what was sent was not valid JSON.)");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(null, "The request body must be a JSON object; found "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)) + ".");
        }
        return (ObjectNode) node;
    }
}
