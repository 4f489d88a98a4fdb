package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code post_processor} section of tokenizer.json, for a single sequence: what Hugging Face does
 * with {@code add_special_tokens=True} (e.g. Llama 2's TemplateProcessing prepends {@code <s>}).
 * Implements TemplateProcessing, ByteLevel (offsets only, so ids are unchanged) and Sequence.
 * Reference: Hugging Face {@code tokenizers/src/processors}.
 */
interface PostProcessor {

    int[] process(int[] ids);

    PostProcessor NONE = ids -> ids;

    static PostProcessor fromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return NONE;
        }
        String type = Json.type(n, "post_processor");
        return switch (type) {
            case "ByteLevel" -> NONE;
            case "TemplateProcessing" -> template(n);
            case "Sequence" -> sequence(n.path("processors"));
            default -> throw new UnsupportedTokenizerException("tokenizer.json post_processor type '" + type
                    + "' is not supported; expected TemplateProcessing, ByteLevel or Sequence.");
        };
    }

    private static PostProcessor template(JsonNode n) {
        List<int[]> pieces = new ArrayList<>(); // null entry = the input sequence
        for (JsonNode item : n.path("single")) {
            if (item.has("Sequence")) {
                pieces.add(null);
            } else if (item.has("SpecialToken")) {
                String name = Json.text(item.get("SpecialToken"), "id", "TemplateProcessing special token");
                JsonNode ids = n.path("special_tokens").path(name).path("ids");
                if (!ids.isArray()) {
                    throw new UnableToLoadTokenizerException("tokenizer.json TemplateProcessing uses special token '"
                            + name + "' but special_tokens has no ids for it");
                }
                int[] arr = new int[ids.size()];
                for (int i = 0; i < arr.length; i++) {
                    arr[i] = ids.get(i).asInt();
                }
                pieces.add(arr);
            } else {
                throw new UnableToLoadTokenizerException("tokenizer.json TemplateProcessing item "
                        + Json.abbreviate(item) + " is neither a Sequence nor a SpecialToken");
            }
        }
        return ids -> {
            IntList out = new IntList(ids.length + 4);
            for (int[] p : pieces) {
                out.addAll(p == null ? ids : p);
            }
            return out.toArray();
        };
    }

    private static PostProcessor sequence(JsonNode list) {
        List<PostProcessor> steps = new ArrayList<>();
        for (JsonNode child : list) {
            steps.add(fromJson(child));
        }
        return ids -> {
            int[] out = ids;
            for (PostProcessor step : steps) {
                out = step.process(out);
            }
            return out;
        };
    }
}
