package dev.hone.server.validation;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns one line's bytes into a JSON object, or says in a few words why it is not one: invalid UTF-8
 * (with the byte offset), too long, not JSON (Jackson's reason and column), or JSON that is not an
 * object. The words complete a sentence whose subject ("Example 3", "Line 3") the caller supplies.
 * Not a schema check: {@link ExampleRules} does that on the object.
 */
final class JsonLineParser {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(8 * 1024);
    private ObjectNode object;
    private String problem;

    /** Parses the reader's current line; then exactly one of {@link #object()} and {@link #problem()} is set. */
    void parse(JsonlLineReader reader) {
        if (!decodeLine(reader)) {
            return;
        }
        try {
            JsonNode node = readTree();
            if (node instanceof ObjectNode obj) {
                object = obj;
            } else {
                problem = notAnObject(describe(node));
            }
        } catch (IOException e) {
            problem = notJson(e);
        }
    }

    /**
     * Checks that the reader's current line is one JSON object without building it (the upload-time
     * check); then {@link #problem()} is null when it is. {@link #object()} stays null.
     */
    void check(JsonlLineReader reader) {
        if (!decodeLine(reader)) {
            return;
        }
        try (JsonParser parser = MAPPER.getFactory().createParser(chars.array(), 0, chars.limit())) {
            JsonToken first = parser.nextToken();
            parser.skipChildren();
            requireEnd(parser);
            if (first != JsonToken.START_OBJECT) {
                problem = notAnObject(describe(first));
            }
        } catch (IOException e) {
            problem = notJson(e);
        }
    }

    private boolean decodeLine(JsonlLineReader reader) {
        object = null;
        problem = null;
        if (reader.tooLong()) {
            problem = "is " + reader.fullLength() + " bytes long, over the limit of " + JsonlLineReader.MAX_LINE_BYTES
                    + " bytes (4 MiB) per line; an example that long is far beyond any model's context, so shorten"
                    + " or split it";
            return false;
        }
        return decode(reader.bytes(), reader.length());
    }

    private static String notAnObject(String found) {
        return "is not a JSON object (found " + found
                + "); every line must be one JSON dictionary such as {\"messages\": [...]}";
    }

    private static String notJson(IOException e) {
        if (e instanceof JsonProcessingException j) {
            return "is not valid JSON: " + j.getOriginalMessage() + " (column " + j.getLocation().getColumnNr() + ")";
        }
        return "could not be read as JSON: " + e.getMessage();
    }

    ObjectNode object() {
        return object;
    }

    String problem() {
        return problem;
    }

    private boolean decode(byte[] bytes, int length) {
        if (chars.capacity() < length) {
            chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
        }
        chars.clear();
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CoderResult result = decoder.decode(in, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            problem = "is not valid UTF-8 (invalid byte 0x" + String.format("%02X", bytes[in.position()] & 0xFF)
                    + " at byte " + (in.position() + 1) + " of the line); save the file as UTF-8";
            return false;
        }
        chars.flip();
        return true;
    }

    private JsonNode readTree() throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(chars.array(), 0, chars.limit())) {
            JsonNode node = MAPPER.readTree(parser);
            requireEnd(parser);
            return node;
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "Unexpected content after the JSON value; put one example per line");
        }
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString().toLowerCase(Locale.ROOT);
        };
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
