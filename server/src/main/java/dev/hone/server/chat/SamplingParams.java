package dev.hone.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.generate.GenerationRequest;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sampling fields chat completions and completions share, read from a request body with OpenAI's
 * ranges; each wrong one is a 400 naming it. Not the whole request: each endpoint reads its own
 * prompt, token limit and logprobs fields.
 *
 * @param temperature      0..2 (default 1)
 * @param topP             0..1 (default 1; 0 is treated as greedy, as OpenAI does)
 * @param seed             the sampler's seed, or null for a random one
 * @param stop             up to 4 stop strings
 * @param n                choices, 1..128
 * @param presencePenalty  -2..2
 * @param frequencyPenalty -2..2
 * @param stream           whether to answer with server-sent events
 * @param includeUsage     {@code stream_options.include_usage}
 */
public record SamplingParams(double temperature, double topP, Long seed, List<String> stop, int n,
                             double presencePenalty, double frequencyPenalty, boolean stream,
                             boolean includeUsage) {
    /** Reads the shared fields of {@code body}. */
    public static SamplingParams read(ObjectNode body) {
        double temperature = number(body, "temperature", 0, 2, 1);
        double topP = number(body, "top_p", 0, 1, 1);
        Long seed = Params.integer(body, "", "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        Long n = Params.integer(body, "", "n", 1, 128);
        boolean stream = bool(body, "", "stream");
        ObjectNode options = Params.object(body, "", "stream_options");
        boolean usage = false;
        if (options != null) {
            if (!stream) {
                throw ApiException.badRequest("stream_options", "invalid_value",
                        "The 'stream_options' parameter is only allowed when 'stream' is true.");
            }
            Params.onlyKnown(options, "stream_options.", Set.of("include_usage", "include_obfuscation"));
            usage = bool(options, "stream_options.", "include_usage");
        }
        return new SamplingParams(temperature, topP == 0 ? 1 : topP, seed, stop(body), n == null ? 1 : n.intValue(),
                number(body, "presence_penalty", -2, 2, 0), number(body, "frequency_penalty", -2, 2, 0), stream,
                usage);
    }

    /** A builder for {@code prompt} with these fields set; the caller adds limits, logprobs and stop ids. */
    public GenerationRequest.Builder builder(int[] prompt) {
        GenerationRequest.Builder b = GenerationRequest.builder(prompt).temperature(temperature).topP(topP).stop(stop).n(n).presencePenalty(presencePenalty)
                .frequencyPenalty(frequencyPenalty);
        if (seed != null) {
            b.seed(seed);
        }
        return b;
    }

    /** An optional number in {@code [min, max]}. */
    public static double number(JsonNode body, String name, double min, double max, double dflt) {
        if (Params.absent(body, name)) {
            return dflt;
        }
        JsonNode v = body.get(name);
        if (!v.isNumber()) {
            throw Params.invalidType(name, "a number", v);
        }
        double x = v.doubleValue();
        if (!(x >= min && x <= max)) {
            throw ApiException.badRequest(name, "invalid_value", "Invalid value for '" + name + "': expected a number"
                    + " from " + fmt(min) + " to " + fmt(max) + "; found " + v.asText() + ".");
        }
        return x;
    }

    /** An optional boolean (absent is false). */
    public static boolean bool(JsonNode body, String prefix, String name) {
        if (Params.absent(body, name)) {
            return false;
        }
        JsonNode v = body.get(name);
        if (!v.isBoolean()) {
            throw Params.invalidType(prefix + name, "a boolean", v);
        }
        return v.booleanValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static List<String> stop(JsonNode body) {
        if (Params.absent(body, "stop")) {
            return List.of();
        }
        JsonNode v = body.get("stop");
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.textValue());
        } else if (v.isArray()) {
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    throw Params.invalidType("stop", "a string or an array of strings", v);
                }
                out.add(s.textValue());
            }
        } else {
            throw Params.invalidType("stop", "a string or an array of strings", v);
        }
        if (out.size() > 4 || out.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest("stop", "invalid_value", "Invalid value for 'stop': expected up to 4"
                    + " non-empty strings; found " + out.size() + (out.contains("") ? " including an empty one" : "")
                    + ".");
        }
        return out;
    }
}
