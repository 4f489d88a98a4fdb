package dev.hone.server.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Shapes of the tool-use fields (reference §4): an assistant's {@code tool_calls}
 * ({@code {id, type: "function", function: {name, arguments}}}) and deprecated {@code function_call}
 * ({@code {name, arguments}}), and an example's {@code tools} ({@code {type: "function", function:
 * {name, description?, parameters?}}}) and deprecated {@code functions} (1..128 of {@code {name, ...}}).
 * It does not check that {@code arguments} match a tool's parameter schema.
 */
final class ToolRules {
    private static final int MAX_FUNCTIONS = 128;

    private ToolRules() {
    }

    static void checkToolCalls(JsonNode calls, String list, int index, ExampleCheck ex) {
        if (!ContentRules.present(calls)) {
            return;
        }
        if (!calls.isArray() || calls.isEmpty()) {
            ex.message(list, index, "has \"tool_calls\" that is not a non-empty list of tool calls");
            return;
        }
        for (int k = 0; k < calls.size(); k++) {
            JsonNode call = calls.get(k);
            String where = "tool call " + (k + 1) + " ";
            if (!text(call.get("id"))) {
                ex.message(list, index, where + "is missing \"id\" (a string the tool message's tool_call_id"
                        + " refers to)");
            }
            if (!"function".equals(call.path("type").asText(null))) {
                ex.message(list, index, where + "must have \"type\": \"function\"");
            }
            String problem = callProblem(call.get("function"));
            if (problem != null) {
                ex.message(list, index, where + problem);
            }
        }
    }

    static void checkFunctionCall(JsonNode call, String list, int index, ExampleCheck ex) {
        if (!ContentRules.present(call)) {
            return;
        }
        String problem = callProblem(call);
        if (problem != null) {
            ex.message(list, index, "function_call " + problem);
        }
    }

    /** Checks an example's {@code tools} and {@code functions} lists. */
    static void checkTools(JsonNode example, ExampleCheck ex) {
        JsonNode tools = example.get("tools");
        if (ContentRules.present(tools)) {
            if (!tools.isArray()) {
                ex.example("has \"tools\" that is not a list");
            } else {
                for (int k = 0; k < tools.size(); k++) {
                    JsonNode tool = tools.get(k);
                    if (!"function".equals(tool.path("type").asText(null)) || !functionOk(tool.get("function"))) {
                        ex.example("has an invalid tool " + (k + 1) + ": expected {\"type\": \"function\","
                                + " \"function\": {\"name\": \"...\", \"parameters\": {...}}}");
                    }
                }
            }
        }
        JsonNode functions = example.get("functions");
        if (ContentRules.present(functions)) {
            if (!functions.isArray() || functions.isEmpty() || functions.size() > MAX_FUNCTIONS) {
                ex.example("has \"functions\" that is not a list of 1 to " + MAX_FUNCTIONS + " functions");
            } else {
                for (int k = 0; k < functions.size(); k++) {
                    if (!functionOk(functions.get(k))) {
                        ex.example("has an invalid function " + (k + 1) + ": expected {\"name\": \"...\","
                                + " \"parameters\": {...}}");
                    }
                }
            }
        }
        JsonNode parallel = example.get("parallel_tool_calls");
        if (ContentRules.present(parallel) && !parallel.isBoolean()) {
            ex.example("has \"parallel_tool_calls\": " + parallel + ", but it must be true or false");
        }
    }

    private static String callProblem(JsonNode function) {
        if (function == null || !function.isObject()) {
            return "is missing \"function\": {\"name\": \"...\", \"arguments\": \"...\"}";
        }
        if (!text(function.get("name"))) {
            return "is missing the function's \"name\"";
        }
        if (function.get("arguments") == null || !function.get("arguments").isTextual()) {
            return "is missing \"arguments\" (a string holding the JSON arguments)";
        }
        return null;
    }

    private static boolean functionOk(JsonNode function) {
        if (function == null || !function.isObject() || !text(function.get("name"))) {
            return false;
        }
        JsonNode parameters = function.get("parameters");
        return !ContentRules.present(parameters) || parameters.isObject();
    }

    private static boolean text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty();
    }
}
