package dev.hone.server.completions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.chat.SamplingParams;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code POST /v1/completions} body, checked field by field. {@code prompt} may be a string, an array
 * of strings, an array of token ids or an array of token-id arrays, as OpenAI accepts; each prompt gets
 * {@code n} choices. {@code suffix} (insertion) is refused: Hone's models generate left to right only.
 *
 * @param model     the model name
 * @param prompts   one entry per prompt: its text (null for token ids, decoded later) or its ids
 * @param maxTokens the completion limit (default 16, OpenAI's)
 * @param echo      whether the prompt is returned before the completion
 * @param logprobs  alternatives per token (0..5), or null for no logprobs
 * @param sampling  the shared sampling fields
 */
public record CompletionRequest(String model, List<Prompt> prompts, int maxTokens, boolean echo, Integer logprobs,
                                SamplingParams sampling) {
    private static final Set<String> FIELDS = Set.of("model", "prompt", "suffix", "max_tokens", "echo", "logprobs",
            "best_of", "temperature", "top_p", "seed", "stop", "n", "presence_penalty", "frequency_penalty",
            "stream", "stream_options", "user", "logit_bias");

    /** One prompt: text to encode, or token ids. */
    public record Prompt(String text, int[] ids) {
    }

    /** Reads and checks a request body. */
    public static CompletionRequest read(ObjectNode body) {
        Params.onlyKnown(body, "", FIELDS);
        String model = Params.requiredString(body, "", "model");
        String suffix = Params.string(body, "", "suffix");
        if (suffix != null && !suffix.isEmpty()) {
            throw ApiException.badRequest("suffix", "unsupported_parameter", "'suffix' is not supported: Hone's models"
                    + " generate left to right only and cannot fill in text before a suffix. Leave 'suffix' out and"
                    + " put all the context in 'prompt'.");
        }
        Long bestOf = Params.integer(body, "", "best_of", 1, 20);
        if (bestOf != null && bestOf != 1) {
            throw ApiException.badRequest("best_of", "unsupported_parameter", "'best_of' other than 1 is not supported;"
                    + " ask for n choices and rank them yourself with logprobs.");
        }
        JsonNode bias = body.get("logit_bias");
        if (bias != null && !bias.isNull() && !(bias.isObject() && bias.isEmpty())) {
            throw ApiException.badRequest("logit_bias", "unsupported_parameter", "'logit_bias' is not supported by"
                    + " Hone; leave it out.");
        }
        Long max = Params.integer(body, "", "max_tokens", 0, Integer.MAX_VALUE);
        Long lp = Params.integer(body, "", "logprobs", 0, 5);
        return new CompletionRequest(model, prompts(body), max == null ? 16 : max.intValue(),
                SamplingParams.bool(body, "", "echo"), lp == null ? null : lp.intValue(), SamplingParams.read(body));
    }

    private static List<Prompt> prompts(ObjectNode body) {
        if (Params.absent(body, "prompt")) {
            throw ApiException.badRequest("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
        }
        JsonNode p = body.get("prompt");
        List<Prompt> out = new ArrayList<>();
        if (p.isTextual()) {
            out.add(new Prompt(p.textValue(), null));
            return out;
        }
        String expected = "a string, an array of strings, an array of token ids or an array of token-id arrays";
        if (!p.isArray() || p.isEmpty()) {
            throw p.isArray() ? ApiException.badRequest("prompt", "invalid_value", "Invalid 'prompt': empty array;"
                    + " expected " + expected + ".") : Params.invalidType("prompt", expected, p);
        }
        JsonNode first = p.get(0);
        if (first.isIntegralNumber()) {
            out.add(new Prompt(null, ids(p, "prompt")));
            return out;
        }
        for (int i = 0; i < p.size(); i++) {
            JsonNode e = p.get(i);
            if (first.isTextual() && e.isTextual()) {
                out.add(new Prompt(e.textValue(), null));
            } else if (first.isArray() && e.isArray() && !e.isEmpty()) {
                out.add(new Prompt(null, ids(e, "prompt[" + i + "]")));
            } else {
                throw Params.invalidType("prompt[" + i + "]", first.isTextual() ? "a string (as prompt[0])"
                        : "a non-empty array of token ids (as prompt[0])", e);
            }
        }
        return out;
    }

    private static int[] ids(JsonNode list, String at) {
        int[] ids = new int[list.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode t = list.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 0) {
                throw ApiException.badRequest(at, "invalid_value", "Invalid '" + at + "': element " + i + " is " + t
                        + "; token ids are integers of at least 0, all of one prompt in one array.");
            }
            ids[i] = t.intValue();
        }
        return ids;
    }
}
