package dev.hone.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;

/**
 * Rules for one example of each format (reference §4): which top-level keys it may have, and which
 * messages it must hold. Message-level rules are {@link MessageRules}; format detection and mixing across
 * lines are {@link DatasetValidator}'s.
 */
final class ExampleRules {
    private static final List<String> CHAT_KEYS = List.of("messages", "tools", "parallel_tool_calls", "functions");
    private static final List<String> COMPLETION_KEYS = List.of("prompt", "completion");
    private static final List<String> PREFERENCE_KEYS = List.of("input", "preferred_output", "non_preferred_output");
    private static final List<String> INPUT_KEYS = List.of("messages", "tools", "parallel_tool_calls");

    private ExampleRules() {
    }

    static void check(ObjectNode line, DatasetFormat format, ExampleCheck ex) {
        switch (format) {
            case CHAT -> chat(line, ex);
            case COMPLETION -> completion(line, ex);
            case PREFERENCE -> preference(line, ex);
            case REINFORCEMENT -> reinforcement(line, ex);
            default -> throw new IllegalStateException("no rules for format " + format);
        }
    }

    private static void chat(ObjectNode line, ExampleCheck ex) {
        extraKeys(line, CHAT_KEYS, ex);
        ToolRules.checkTools(line, ex);
        boolean assistant = false;
        boolean unknownRole = false;
        JsonNode messages = messages(line.get("messages"), "\"messages\"", ex);
        for (int i = 0; messages != null && i < messages.size(); i++) {
            String role = MessageRules.check(messages.get(i), "message", i, MessageRules.CHAT_ROLES, ex);
            assistant |= "assistant".equals(role);
            unknownRole |= role == null;
        }
        // A message whose role could not be read may be the assistant one: say so only when all roles are known.
        if (messages != null && !assistant && !unknownRole) {
            ex.example("has no assistant message: a chat example needs at least one {\"role\": \"assistant\", ...}"
                    + " message to train on");
        }
    }

    private static void completion(ObjectNode line, ExampleCheck ex) {
        extraKeys(line, COMPLETION_KEYS, ex);
        JsonNode prompt = line.get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            ex.example((prompt == null ? "is missing \"prompt\"" : "has a \"prompt\" that is not a string")
                    + ": a prompt/completion example needs both as strings");
        }
        if (prompt != null && prompt.isTextual()) {
            ContentRules.checkTokens(prompt.asText(), " prompt", ex);
        }
        JsonNode completion = line.get("completion");
        if (completion == null || !completion.isTextual() || completion.asText().isEmpty()) {
            String what = completion == null ? "is missing \"completion\""
                    : completion.isTextual() ? "has an empty \"completion\""
                    : "has a \"completion\" that is not a string";
            ex.example(what + ": the completion is the text trained on, so it must be a non-empty string");
        } else {
            ContentRules.checkTokens(completion.asText(), " completion", ex);
        }
    }

    private static void preference(ObjectNode line, ExampleCheck ex) {
        extraKeys(line, PREFERENCE_KEYS, ex);
        JsonNode input = line.get("input");
        if (input == null || !input.isObject()) {
            ex.example((input == null ? "is missing \"input\"" : "has an \"input\" that is not an object")
                    + ": a DPO example needs {\"input\": {\"messages\": [...]}, \"preferred_output\": [...],"
                    + " \"non_preferred_output\": [...]}");
        } else {
            for (Iterator<String> keys = input.fieldNames(); keys.hasNext();) {
                String key = keys.next();
                if (!INPUT_KEYS.contains(key)) {
                    ex.example("has an unrecognized key \"input." + key + "\"; input may have only "
                            + String.join(", ", INPUT_KEYS));
                }
            }
            ToolRules.checkTools(input, ex);
            JsonNode messages = messages(input.get("messages"), "\"input.messages\"", ex);
            for (int i = 0; messages != null && i < messages.size(); i++) {
                MessageRules.check(messages.get(i), "message", i, MessageRules.CHAT_ROLES, ex);
            }
        }
        output(line.get("preferred_output"), "preferred_output", ex);
        output(line.get("non_preferred_output"), "non_preferred_output", ex);
    }

    private static void output(JsonNode output, String key, ExampleCheck ex) {
        if (output == null || !output.isArray() || output.size() != 1) {
            ex.example((output == null ? "is missing \"" + key + "\"" : "has a \"" + key + "\" that is not a list"
                    + " of exactly one message") + ": it must be [{\"role\": \"assistant\", \"content\": \"...\"}]");
            return;
        }
        JsonNode msg = output.get(0);
        String list = key + " message";
        String role = MessageRules.check(msg, list, 0, List.of("assistant"), ex);
        boolean calls = ContentRules.present(msg.get("tool_calls")) || ContentRules.present(msg.get("function_call"));
        if (role != null && calls) {
            ex.message(list, 0, "has tool calls, but DPO outputs are text only: one assistant message with"
                    + " \"content\" and no tool_calls or function_call");
        }
    }

    private static void reinforcement(ObjectNode line, ExampleCheck ex) {
        ToolRules.checkTools(line, ex);
        JsonNode messages = messages(line.get("messages"), "\"messages\"", ex);
        for (int i = 0; messages != null && i < messages.size(); i++) {
            MessageRules.check(messages.get(i), "message", i, MessageRules.REINFORCEMENT_ROLES, ex);
        }
    }

    /** The messages list when it is a non-empty list, else reports why not and returns null. */
    private static JsonNode messages(JsonNode messages, String name, ExampleCheck ex) {
        if (messages == null || messages.isNull()) {
            ex.example("is missing " + name + ": a list of messages such as [{\"role\": \"user\", \"content\":"
                    + " \"...\"}, {\"role\": \"assistant\", \"content\": \"...\"}]");
            return null;
        }
        if (!messages.isArray()) {
            ex.example("has " + name + " that is not a list (found " + JsonLineParser.describe(messages) + ")");
            return null;
        }
        if (messages.isEmpty()) {
            ex.example("has an empty " + name + " list; it needs at least one message");
            return null;
        }
        return messages;
    }

    private static void extraKeys(ObjectNode line, List<String> allowed, ExampleCheck ex) {
        for (Iterator<String> keys = line.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                ex.extraKey(key, String.join(", ", allowed));
            }
        }
    }
}
