package dev.hone.server.chat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Json;
import dev.hone.server.http.Params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /v1/chat/completions} body, checked field by field (400 with {@code param} naming the
 * field). Messages become the maps the chat template renders, as the trainer builds them: text parts of
 * list content are joined, {@code developer} is rendered as {@code system}; image and audio parts are
 * refused (Hone serves text models).
 *
 * @param model      the model name
 * @param messages   the conversation, ready for the template
 * @param tools      tool definitions (empty when none, or when {@code tool_choice} is {@code none})
 * @param toolNames  names of the declared tools
 * @param maxTokens  the completion limit, or null for "up to the context"
 * @param logprobs   whether to return per-token logprobs
 * @param topLogprobs alternatives per token, 0..20
 * @param sampling   the shared sampling fields
 */
public record ChatRequest(String model, List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                          Set<String> toolNames, Integer maxTokens, boolean logprobs, int topLogprobs,
                          SamplingParams sampling) {
    private static final Set<String> FIELDS = Set.of("model", "messages", "tools", "tool_choice", "max_tokens",
            "max_completion_tokens", "logprobs", "top_logprobs", "temperature", "top_p", "seed", "stop", "n",
            "presence_penalty", "frequency_penalty", "stream", "stream_options", "user", "metadata", "store",
            "parallel_tool_calls", "service_tier", "response_format", "logit_bias");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Reads and checks a request body. */
    public static ChatRequest read(ObjectNode body) {
        Params.onlyKnown(body, "", FIELDS);
        String model = Params.requiredString(body, "", "model");
        List<Map<String, Object>> messages = messages(body);
        String toolChoice = toolChoice(body);
        List<Map<String, Object>> tools = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        if (!Params.absent(body, "tools") && !"none".equals(toolChoice)) {
            readTools(body.get("tools"), tools, names);
        }
        Long max = Params.integer(body, "", "max_completion_tokens", 1, Integer.MAX_VALUE);
        if (max == null) {
            max = Params.integer(body, "", "max_tokens", 1, Integer.MAX_VALUE);
        }
        boolean logprobs = SamplingParams.bool(body, "", "logprobs");
        Long top = Params.integer(body, "", "top_logprobs", 0, 20);
        if (top != null && !logprobs) {
            throw ApiException.badRequest("top_logprobs", "invalid_value",
                    "'top_logprobs' requires 'logprobs' to be true; set logprobs: true or drop top_logprobs.");
        }
        checkUnsupported(body);
        return new ChatRequest(model, messages, tools, names, max == null ? null : max.intValue(), logprobs,
                top == null ? 0 : top.intValue(), SamplingParams.read(body));
    }

    private static List<Map<String, Object>> messages(ObjectNode body) {
        if (Params.absent(body, "messages")) {
            throw ApiException.badRequest("messages", "missing_required_parameter", "Missing required parameter: 'messages'.");
        }
        JsonNode list = body.get("messages");
        if (!list.isArray()) {
            throw Params.invalidType("messages", "an array", list);
        }
        if (list.isEmpty()) {
            throw ApiException.badRequest("messages", "invalid_value",
                    "Invalid 'messages': empty array. Expected an array with minimum length 1.");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(message(list.get(i), "messages[" + i + "]"));
        }
        return out;
    }

    private static Map<String, Object> message(JsonNode m, String at) {
        if (!m.isObject()) {
            throw Params.invalidType(at, "an object", m);
        }
        String role = Params.requiredString(m, at + ".", "role");
        if (!ROLES.contains(role)) {
            throw ApiException.badRequest(at + ".role", "invalid_value", "Invalid value for '" + at + ".role': '" + role
                    + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.");
        }
        Map<String, Object> out = new LinkedHashMap<>(Json.MAPPER.convertValue(m, MAP));
        out.put("role", "developer".equals(role) ? "system" : role);
        JsonNode content = m.get("content");
        if (content != null && content.isArray()) {
            out.put("content", joinText(content, at + ".content"));
        } else if (content != null && !content.isNull() && !content.isTextual()) {
            throw Params.invalidType(at + ".content", "a string or an array of content parts", content);
        } else if ((content == null || content.isNull()) && !"assistant".equals(role)) {
            throw ApiException.badRequest(at + ".content", "missing_required_parameter",
                    "Missing required parameter: '" + at + ".content'.");
        }
        return out;
    }

    private static String joinText(JsonNode parts, String at) {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode p = parts.get(j);
            String type = p.path("type").asText("");
            if (!"text".equals(type) || !p.path("text").isTextual()) {
                throw ApiException.badRequest(at + "[" + j + "]", "invalid_value", "Content part " + j + " of '" + at
                        + "' has type '" + type + "'; Hone serves text models, so only {type: text, text: ...} parts"
                        + " are accepted.");
            }
            text.append(p.get("text").textValue());
        }
        return text.toString();
    }

    private static String toolChoice(ObjectNode body) {
        if (Params.absent(body, "tool_choice")) {
            return "auto";
        }
        JsonNode v = body.get("tool_choice");
        if (!v.isTextual() || !Set.of("auto", "none").contains(v.textValue())) {
            throw ApiException.badRequest("tool_choice", "invalid_value", "Invalid value for 'tool_choice': Hone"
                    + " supports 'auto' and 'none' (it cannot force a model to call a tool); found " + v + ".");
        }
        return v.textValue();
    }

    private static void readTools(JsonNode list, List<Map<String, Object>> tools, Set<String> names) {
        if (!list.isArray()) {
            throw Params.invalidType("tools", "an array", list);
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = "tools[" + i + "]";
            if (!t.isObject() || !"function".equals(t.path("type").asText()) || !t.path("function").isObject()) {
                throw ApiException.badRequest(at, "invalid_value", "Invalid '" + at + "': expected {type: \"function\","
                        + " function: {name, description?, parameters?}}.");
            }
            names.add(Params.requiredString(t.get("function"), at + ".function.", "name"));
            tools.add(Json.MAPPER.convertValue(t, MAP));
        }
    }

    private static void checkUnsupported(ObjectNode body) {
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull() && !"text".equals(format.path("type").asText())) {
            throw ApiException.badRequest("response_format", "invalid_value", "Invalid 'response_format': Hone"
                    + " generates plain text only; use {type: \"text\"} or leave it out.");
        }
        JsonNode bias = body.get("logit_bias");
        if (bias != null && !bias.isNull() && !(bias.isObject() && bias.isEmpty())) {
            throw ApiException.badRequest("logit_bias", "invalid_value", "'logit_bias' is not supported by Hone;"
                    + " leave it out.");
        }
    }
}
