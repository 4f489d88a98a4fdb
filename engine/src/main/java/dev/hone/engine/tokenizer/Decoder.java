package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code decoder} section of tokenizer.json: turns the token strings of some ids back into text.
 * Each step maps a list of token strings to a new list; the result is their concatenation.
 * Implements ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip and Sequence.
 * Reference: Hugging Face {@code tokenizers/src/decoders} ({@code decode_chain}).
 */
interface Decoder {

    List<String> decodeChain(List<String> tokens);

    /** Joins the tokens unchanged, for a {@code null} section. */
    Decoder NONE = tokens -> tokens;

    static Decoder fromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return NONE;
        }
        String type = Json.type(n, "decoder");
        return switch (type) {
            case "ByteLevel" -> Decoder::byteLevel;
            case "Metaspace" -> metaspace(Json.text(n, "replacement", "Metaspace decoder").charAt(0),
                    !"never".equals(n.path("prepend_scheme").asText(n.path("add_prefix_space").asBoolean(true)
                            ? "always" : "never")));
            case "Replace" -> replace(n);
            case "ByteFallback" -> Decoder::byteFallback;
            case "Fuse" -> tokens -> List.of(String.join("", tokens));
            case "Strip" -> strip(Json.text(n, "content", "Strip decoder").charAt(0),
                    n.path("start").asInt(0), n.path("stop").asInt(0));
            case "Sequence" -> sequence(n.path("decoders"));
            default -> throw new UnsupportedTokenizerException("tokenizer.json decoder type '" + type
                    + "' is not supported; expected one of ByteLevel, Metaspace, Replace, ByteFallback, Fuse,"
                    + " Strip, Sequence.");
        };
    }

    private static List<String> byteLevel(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : tokens) {
            byte[] mapped = new byte[t.length()];
            boolean all = true;
            for (int i = 0; i < t.length() && all; i++) {
                int b = ByteLevel.byteOf(t.charAt(i));
                all = b >= 0;
                mapped[i] = (byte) b;
            }
            bytes.writeBytes(all ? mapped : t.getBytes(StandardCharsets.UTF_8));
        }
        return List.of(bytes.toString(StandardCharsets.UTF_8));
    }

    private static Decoder metaspace(char replacement, boolean stripFirst) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                // Hugging Face drops every marker of the first token (not only a leading one).
                out.add(i == 0 && stripFirst ? t.replace(String.valueOf(replacement), "") : t.replace(replacement, ' '));
            }
            return out;
        };
    }

    private static Decoder replace(JsonNode n) {
        Pattern pattern = Patterns.fromJson(n.path("pattern"), "Replace decoder");
        String content = Matcher.quoteReplacement(Json.text(n, "content", "Replace decoder"));
        return tokens -> tokens.stream().map(t -> pattern.matcher(t).replaceAll(content)).toList();
    }

    private static List<String> byteFallback(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (String t : tokens) {
            int b = parseByteToken(t);
            if (b >= 0) {
                pending.write(b);
                continue;
            }
            flushBytes(pending, out);
            out.add(t);
        }
        flushBytes(pending, out);
        return out;
    }

    /** The byte of a {@code <0xNN>} token, or -1. */
    static int parseByteToken(String t) {
        if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') {
            return -1;
        }
        try {
            return Integer.parseInt(t.substring(3, 5), 16);
        } catch (NumberFormatException notHex) {
            return -1;
        }
    }

    private static void flushBytes(ByteArrayOutputStream pending, List<String> out) {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        try {
            out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException invalid) {
            for (int i = 0; i < bytes.length; i++) {
                out.add("\uFFFD"); // one replacement character per byte, as Hugging Face does
            }
        }
    }

    private static Decoder strip(char content, int start, int stop) {
        return tokens -> tokens.stream().map(t -> {
            int from = 0;
            while (from < start && from < t.length() && t.charAt(from) == content) {
                from++;
            }
            int to = t.length();
            while (t.length() - to < stop && to > from && t.charAt(to - 1) == content) {
                to--;
            }
            return t.substring(from, to);
        }).toList();
    }

    private static Decoder sequence(JsonNode list) {
        List<Decoder> steps = new ArrayList<>();
        for (JsonNode child : list) {
            steps.add(fromJson(child));
        }
        return tokens -> {
            List<String> out = tokens;
            for (Decoder step : steps) {
                out = step.decodeChain(out);
            }
            return out;
        };
    }
}
