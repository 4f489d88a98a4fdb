package dev.hone.server.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code content} of a message: a non-empty string or a non-empty list of text parts
 * ({@code {"type": "text", "text": "..."}}). An assistant message with {@code tool_calls} or
 * {@code function_call} may leave it out, null or empty. This is the cookbook's {@code missing_content}
 * rule (reference §4.1) plus the part shapes of the chat schema; image parts are refused because Hone's
 * models read text only, and text holding a chat-format control token ({@link SpecialTokens}) is refused.
 */
final class ContentRules {
    private ContentRules() {
    }

    static void check(JsonNode msg, String role, String list, int index, ExampleCheck ex) {
        JsonNode content = msg.get("content");
        boolean calls = present(msg.get("tool_calls")) || present(msg.get("function_call"));
        if (calls && (!present(content) || content.isTextual() && content.asText().isEmpty())) {
            return;
        }
        if (!present(content) || content.isTextual() && content.asText().isEmpty()
                || content.isArray() && content.isEmpty()) {
            String what = !present(content) ? "is missing \"content\"" : "has empty \"content\"";
            ex.message(list, index, what + (role.equals("assistant")
                    ? ": an assistant message needs text content, tool_calls or function_call"
                    : ": a " + role + " message needs text content"));
            return;
        }
        if (content.isArray()) {
            for (int k = 0; k < content.size(); k++) {
                checkPart(content.get(k), k, list, index, ex);
            }
        } else if (content.isTextual()) {
            checkTokens(content.asText(), ", " + list + " " + (index + 1), ex);
        } else {
            ex.message(list, index, "has \"content\" of the wrong type (found " + JsonLineParser.describe(content)
                    + "); content must be a string or a list of {\"type\": \"text\", \"text\": \"...\"} parts");
        }
    }

    private static void checkPart(JsonNode part, int k, String list, int index, ExampleCheck ex) {
        String where = "content part " + (k + 1) + " ";
        JsonNode type = part.get("type");
        if (!part.isObject() || type == null || !type.isTextual()) {
            ex.message(list, index, where + "has no \"type\"; a text part looks like {\"type\": \"text\","
                    + " \"text\": \"...\"}");
        } else if (type.asText().equals("image_url")) {
            ex.message(list, index, where + "is an image (type 'image_url'); Hone trains text-only models,"
                    + " so give this content as text");
        } else if (!type.asText().equals("text")) {
            ex.message(list, index, where + "has type '" + type.asText() + "', but only 'text' parts are"
                    + " supported");
        } else if (part.get("text") == null || !part.get("text").isTextual()) {
            ex.message(list, index, where + "is missing \"text\" (a string)");
        } else {
            checkTokens(part.get("text").asText(), ", " + list + " " + (index + 1), ex);
        }
    }

    /** Reports a special token in training text; {@code where} follows "Example N" (", message 2"). */
    static void checkTokens(String text, String where, ExampleCheck ex) {
        String token = SpecialTokens.find(text);
        if (token != null) {
            ex.invalidToken(where, token);
        }
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }
}
