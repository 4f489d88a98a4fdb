package dev.hone.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.template.ChatEncoder;
import dev.hone.engine.template.EncodedChat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSONL training file of OpenAI-style examples, one per line: chat ({@code {"messages": [...],
 * "tools": [...]}}) or prompt/completion ({@code {"prompt": "...", "completion": "..."}}), and tokenizes each
 * with the model's chat template and tokenizer. Blank lines are skipped. Not a validator: the server's
 * {@code DatasetValidator} checks files in depth; this fails on the first line it cannot use, naming it.
 */
public final class JsonlExamples {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS = new TypeReference<>() {
    };

    private JsonlExamples() {
    }

    /**
     * @throws IllegalArgumentException naming the file and line of an unusable example
     */
    static List<TokenizedExample> read(Path file, ChatEncoder encoder) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), encoder);
        }
    }

    /**
     * The examples of a JSONL stream (UTF-8), tokenized; {@code source} names it in messages.
     *
     * @throws IllegalArgumentException naming the source and line of an unusable example
     */
    public static List<TokenizedExample> read(InputStream stream, String source, ChatEncoder encoder)
            throws IOException {
        String file = source;
        List<TokenizedExample> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                EncodedChat encoded;
                try {
                    encoded = encode(JSON.readTree(line), encoder);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(file + " line " + number + " is not valid JSON: "
                            + e.getOriginalMessage(), e);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
                }
                out.add(new TokenizedExample(encoded.ids(), encoded.trainable()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no examples; expected one JSON object per line");
        }
        return out;
    }

    private static EncodedChat encode(JsonNode row, ChatEncoder encoder) {
        if (row.path("messages").isArray()) {
            List<Map<String, Object>> messages = JSON.convertValue(row.get("messages"), LIST_OF_MAPS);
            List<Map<String, Object>> tools = row.path("tools").isArray()
                    ? JSON.convertValue(row.get("tools"), LIST_OF_MAPS) : List.of();
            return encoder.encode(messages, tools);
        }
        if (row.path("prompt").isTextual() && row.path("completion").isTextual()) {
            return encoder.encodePromptCompletion(row.get("prompt").asText(), row.get("completion").asText());
        }
        throw new IllegalArgumentException("expected an object with \"messages\" (a list) or with \"prompt\" and"
                + " \"completion\" (strings); found keys " + iterable(row));
    }

    private static List<String> iterable(JsonNode row) {
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
