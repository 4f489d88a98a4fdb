package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

/** Small checked accessors for tokenizer.json nodes, so malformed files fail naming the field. */
final class Json {
    private Json() {
    }

    static String type(JsonNode n, String section) {
        JsonNode t = n.get("type");
        if (t == null || !t.isTextual()) {
            throw new UnableToLoadTokenizerException("tokenizer.json " + section + " has no \"type\" field;"
                    + " expected an object like {\"type\": \"...\"}, found " + abbreviate(n));
        }
        return t.asText();
    }

    static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new UnableToLoadTokenizerException("tokenizer.json " + where + " needs a string field \""
                    + field + "\", found " + abbreviate(n));
        }
        return v.asText();
    }

    static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
