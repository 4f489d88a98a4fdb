package dev.hone.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * Typed reads of request-body fields, each failing with a 400 whose {@code param} names the field
 * (dotted for nested ones, e.g. {@code method.dpo.hyperparameters.beta}). An explicit JSON
 * {@code null} counts as absent.
 */
public final class Params {
    private Params() {
    }

    /** Rejects keys of {@code obj} outside {@code allowed}. */
    public static void onlyKnown(ObjectNode obj, String prefix, Set<String> allowed) {
        for (var it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(prefix + name, "unknown_parameter",
                        "Unrecognized request argument supplied: " + prefix + name);
            }
        }
    }

    /** True when the field is missing or JSON null. */
    public static boolean absent(JsonNode obj, String name) {
        JsonNode v = obj.get(name);
        return v == null || v.isNull();
    }

    /** A required string. */
    public static String requiredString(JsonNode obj, String prefix, String name) {
        if (absent(obj, name)) {
            throw ApiException.badRequest(prefix + name, "missing_required_parameter",
                    "Missing required parameter: '" + prefix + name + "'.");
        }
        return string(obj, prefix, name);
    }

    /** An optional string, or null. */
    public static String string(JsonNode obj, String prefix, String name) {
        if (absent(obj, name)) {
            return null;
        }
        JsonNode v = obj.get(name);
        if (!v.isTextual()) {
            throw invalidType(prefix + name, "a string", v);
        }
        return v.textValue();
    }

    /** An optional object, or null. */
    public static ObjectNode object(JsonNode obj, String prefix, String name) {
        if (absent(obj, name)) {
            return null;
        }
        JsonNode v = obj.get(name);
        if (!v.isObject()) {
            throw invalidType(prefix + name, "an object", v);
        }
        return (ObjectNode) v;
    }

    /** An optional integer in {@code [min, max]}, or null. */
    public static Long integer(JsonNode obj, String prefix, String name, long min, long max) {
        if (absent(obj, name)) {
            return null;
        }
        JsonNode v = obj.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalidType(prefix + name, "an integer", v);
        }
        long x = v.longValue();
        if (x < min || x > max) {
            throw ApiException.badRequest(prefix + name, "invalid_value", "Invalid value for '" + prefix + name
                    + "': expected an integer from " + min + " to " + max + "; found " + x + ".");
        }
        return x;
    }

    /** A 400 for a field of the wrong JSON type. */
    public static ApiException invalidType(String param, String expected, JsonNode found) {
        return ApiException.badRequest(param, "invalid_type", "Invalid type for '" + param + "': expected "
                + expected + ", but got " + describe(found) + ".");
    }

    private static String describe(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> v.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "null";
        };
    }
}
