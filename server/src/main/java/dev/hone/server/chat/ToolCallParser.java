package dev.hone.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.server.chat.ChatWire.FunctionCall;
import dev.hone.server.chat.ChatWire.ToolCall;
import dev.hone.server.http.Json;
import dev.hone.server.store.Ids;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds tool calls in a reply, in the two formats chat templates teach models:
 * <ul>
 *   <li>Hermes / Qwen2.5 / Hone's ChatML fallback: {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}
 *       blocks (any number, text around them is the message content);</li>
 *   <li>Llama 3.1/3.2 JSON: the whole reply is one {@code {"name": ..., "parameters": {...}}} object
 *       (or {@code "arguments"}) naming a declared tool.</li>
 * </ul>
 * A block that is not valid JSON with a string {@code name} is left in the content. Not a validator of
 * arguments against the tool's schema.
 */
public final class ToolCallParser {
    private static final Pattern BLOCK = Pattern.compile("<tool_call>\\s*(.*?)\\s*</tool_call>", Pattern.DOTALL);

    private ToolCallParser() {
    }

    /**
     * The reply split into content and tool calls.
     *
     * @param content the text outside tool-call blocks, trimmed, or null when nothing is left
     * @param calls   the calls found, in order (empty when none)
     */
    public record Parsed(String content, List<ToolCall> calls) {
    }

    /**
     * Parses {@code text}.
     *
     * @param toolNames the names of the tools the request declared
     */
    public static Parsed parse(String text, Set<String> toolNames) {
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        Matcher m = BLOCK.matcher(text);
        int at = 0;
        while (m.find()) {
            ToolCall call = call(m.group(1), null);
            if (call != null) {
                rest.append(text, at, m.start());
                at = m.end();
                calls.add(call);
            }
        }
        rest.append(text.substring(at));
        if (calls.isEmpty()) {
            String t = text.strip();
            if (t.startsWith("{") && t.endsWith("}")) {
                ToolCall call = call(t, toolNames);
                if (call != null) {
                    return new Parsed(null, List.of(call));
                }
            }
            return new Parsed(text, List.of());
        }
        String content = rest.toString().strip();
        return new Parsed(content.isEmpty() ? null : content, calls);
    }

    /** One call from JSON text, or null; with {@code names}, only a call of one of them. */
    private static ToolCall call(String json, Set<String> names) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.path("name").isTextual()) {
            return null;
        }
        String name = node.get("name").textValue();
        if (names != null && !names.contains(name)) {
            return null;
        }
        JsonNode args = node.has("arguments") ? node.get("arguments") : node.get("parameters");
        String arguments = args == null || args.isNull() ? "{}" : args.isTextual() ? args.textValue() : args.toString();
        return new ToolCall("call_" + Ids.random(24), "function", new FunctionCall(name, arguments));
    }
}
