package dev.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Small JSONL datasets and error-body helpers for the server tests. */
public final class Datasets {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Datasets() {
    }

    /** {@code n} valid chat (SFT) examples. */
    public static String chat(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"q")
                    .append(i).append("\"},{\"role\":\"assistant\",\"content\":\"a").append(i).append("\"}]}\n");
        }
        return sb.toString();
    }

    /** {@code n} valid preference (DPO) examples. */
    public static String dpo(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"q").append(i)
                    .append("\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"good\"}],")
                    .append("\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"bad\"}]}\n");
        }
        return sb.toString();
    }

    /** The parsed {@code error} object of an error body. */
    public static JsonNode error(String body) {
        try {
            JsonNode e = MAPPER.readTree(body).get("error");
            if (e == null || !e.has("message") || !e.has("type") || !e.has("param") || !e.has("code")) {
                throw new AssertionError("not an OpenAI error envelope: " + body);
            }
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** {@code error.param} of an error body (null when JSON null). */
    public static String errorParam(String body) {
        JsonNode p = error(body).get("param");
        return p.isNull() ? null : p.asText();
    }
}
