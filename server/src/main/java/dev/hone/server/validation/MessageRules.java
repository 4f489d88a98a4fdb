package dev.hone.server.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rules for one chat message (reference §4 "Message rules"; cookbook checks §4.1): a known role, only the
 * keys that role allows, text content (or tool calls on an assistant message), {@code weight} 0 or 1 and
 * only on assistant messages, well-formed {@code tool_calls}/{@code function_call}, {@code tool_call_id}
 * on tool results. Image parts are refused: Hone trains text-only models.
 */
final class MessageRules {
    /** Roles of supervised chat examples and of DPO inputs. */
    static final List<String> CHAT_ROLES = List.of("system", "user", "assistant", "tool", "function");
    /** Roles of reinforcement examples: {@code developer} replaces {@code system}. */
    static final List<String> REINFORCEMENT_ROLES = List.of("developer", "user", "assistant", "tool");

    private static final List<String> PLAIN_KEYS = List.of("role", "content", "name");
    private static final Map<String, List<String>> KEYS = Map.of(
            "system", PLAIN_KEYS,
            "developer", PLAIN_KEYS,
            "user", PLAIN_KEYS,
            "assistant", List.of("role", "content", "name", "tool_calls", "function_call", "weight", "refusal"),
            "tool", List.of("role", "content", "tool_call_id"),
            "function", PLAIN_KEYS);

    private MessageRules() {
    }

    /**
     * Checks one message and reports what is wrong with it.
     *
     * @param msg   the message node
     * @param list  how problems name the list it sits in ("message", "preferred_output message")
     * @param index 0-based index within that list
     * @param roles roles allowed here
     * @return the message's role when it is one of {@code roles}, else null
     */
    static String check(JsonNode msg, String list, int index, List<String> roles, ExampleCheck ex) {
        if (!(msg instanceof ObjectNode)) {
            ex.message(list, index, "is not a JSON object (found " + JsonLineParser.describe(msg)
                    + "); a message looks like {\"role\": \"user\", \"content\": \"...\"}");
            return null;
        }
        JsonNode roleNode = msg.get("role");
        if (roleNode == null || roleNode.isNull()) {
            ex.message(list, index, "Discriminator 'role' is missing in value");
            return null;
        }
        String role = roleNode.isTextual() ? roleNode.asText() : roleNode.toString();
        if (!roleNode.isTextual() || !roles.contains(role)) {
            ex.message(list, index, "No match for discriminator 'role' and value '" + role + "' (allowed values: "
                    + quoted(roles) + ")" + roleHint(role, roles));
            return null;
        }
        checkKeys(msg, role, list, index, ex);
        ContentRules.check(msg, role, list, index, ex);
        checkRoleFields(msg, role, list, index, ex);
        return role;
    }

    private static void checkKeys(JsonNode msg, String role, String list, int index, ExampleCheck ex) {
        List<String> allowed = KEYS.get(role);
        for (Iterator<String> names = msg.fieldNames(); names.hasNext();) {
            String key = names.next();
            if (key.equals("weight") && !role.equals("assistant")) {
                ex.message(list, index, "has a \"weight\", but only assistant messages may carry one (found it on a "
                        + role + " message); remove it");
            } else if (!allowed.contains(key)) {
                ex.message(list, index, "has an unrecognized key \"" + key + "\"; a " + role
                        + " message may have only " + String.join(", ", allowed));
            }
        }
        JsonNode weight = msg.get("weight");
        if (weight != null && role.equals("assistant")
                && !(weight.isNumber() && (weight.asDouble() == 0 || weight.asDouble() == 1))) {
            ex.message(list, index, "has \"weight\": " + weight + ", but weight must be 0 (do not train on this"
                    + " message) or 1 (train on it)");
        }
    }

    private static void checkRoleFields(JsonNode msg, String role, String list, int index, ExampleCheck ex) {
        JsonNode name = msg.get("name");
        if (role.equals("function") && (name == null || name.isNull())) {
            ex.message(list, index, "is missing \"name\": a function message names the function whose result it is");
        } else if (name != null && !name.isNull() && !(name.isTextual() && !name.asText().isEmpty())) {
            ex.message(list, index, "has \"name\": " + name + ", but name must be a non-empty string");
        }
        if (role.equals("tool")) {
            JsonNode id = msg.get("tool_call_id");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                ex.message(list, index, "is missing \"tool_call_id\": a tool message must name the tool call"
                        + " (its \"id\") that it answers");
            }
        }
        if (role.equals("assistant")) {
            ToolRules.checkToolCalls(msg.get("tool_calls"), list, index, ex);
            ToolRules.checkFunctionCall(msg.get("function_call"), list, index, ex);
        }
    }

    private static String roleHint(String role, List<String> roles) {
        if (role.equals("system") && roles.contains("developer")) {
            return "; reinforcement examples use 'developer' instead of 'system'";
        }
        if (role.equals("developer") && roles.contains("system")) {
            return "; use 'system' here ('developer' is for reinforcement examples)";
        }
        return "";
    }

    static String quoted(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            out.append(out.isEmpty() ? "" : ", ").append('\'').append(v).append('\'');
        }
        return out.toString();
    }
}
