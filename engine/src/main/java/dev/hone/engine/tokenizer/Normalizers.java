package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * The {@code normalizer} section of tokenizer.json: a function applied to each stretch of text between
 * added tokens before pre-tokenization. Implements the types real BPE checkpoints use: NFC/NFD/NFKC/NFKD,
 * Lowercase, Prepend, Replace, Strip and Sequence. Other types fail with {@link UnsupportedTokenizerException}.
 * Reference: Hugging Face {@code tokenizers/src/normalizers}.
 */
final class Normalizers {
    private Normalizers() {
    }

    /** The identity normalizer, for a {@code null} section. */
    static UnaryOperator<String> none() {
        return s -> s;
    }

    static UnaryOperator<String> fromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return none();
        }
        String type = Json.type(n, "normalizer");
        return switch (type) {
            case "NFC" -> s -> java.text.Normalizer.normalize(s, Form.NFC);
            case "NFD" -> s -> java.text.Normalizer.normalize(s, Form.NFD);
            case "NFKC" -> s -> java.text.Normalizer.normalize(s, Form.NFKC);
            case "NFKD" -> s -> java.text.Normalizer.normalize(s, Form.NFKD);
            case "Lowercase" -> s -> s.toLowerCase(Locale.ROOT);
            case "Prepend" -> prepend(Json.text(n, "prepend", "Prepend normalizer"));
            case "Replace" -> replace(n);
            case "Strip" -> strip(n.path("strip_left").asBoolean(false), n.path("strip_right").asBoolean(false));
            case "Sequence" -> sequence(n.path("normalizers"));
            default -> throw new UnsupportedTokenizerException("tokenizer.json normalizer type '" + type
                    + "' is not supported; expected one of NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace,"
                    + " Strip, Sequence. Use a BPE checkpoint's tokenizer.json (GPT-2, Llama, Qwen, Mistral).");
        };
    }

    private static UnaryOperator<String> prepend(String prefix) {
        return s -> s.isEmpty() ? s : prefix + s;
    }

    private static UnaryOperator<String> replace(JsonNode n) {
        var pattern = Patterns.fromJson(n.path("pattern"), "Replace normalizer");
        String content = Json.text(n, "content", "Replace normalizer");
        String literal = Matcher.quoteReplacement(content);
        return s -> pattern.matcher(s).replaceAll(literal);
    }

    private static UnaryOperator<String> strip(boolean left, boolean right) {
        return s -> {
            int start = 0;
            int end = s.length();
            while (left && start < end && Character.isWhitespace(s.charAt(start))) {
                start++;
            }
            while (right && end > start && Character.isWhitespace(s.charAt(end - 1))) {
                end--;
            }
            return s.substring(start, end);
        };
    }

    private static UnaryOperator<String> sequence(JsonNode list) {
        List<UnaryOperator<String>> steps = new ArrayList<>();
        for (JsonNode child : list) {
            steps.add(fromJson(child));
        }
        return s -> {
            String out = s;
            for (var step : steps) {
                out = step.apply(out);
            }
            return out;
        };
    }
}
