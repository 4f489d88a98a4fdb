package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Unsupported or corrupt tokenizer files fail with a typed exception whose message names the problem. */
class TokenizerErrorsTest {
    @TempDir
    Path dir;

    private static final String BPE_MODEL = "{\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2},"
            + " \"merges\": [\"a b\"]}";

    private Path write(String json) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), json);
        return dir;
    }

    @Test
    void wordPieceAndUnigramModelsAreRejectedByName() throws IOException {
        var e = assertThrows(UnsupportedTokenizerException.class, () -> Tokenizer.load(
                write("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0}}}")));
        assertTrue(e.getMessage().contains("WordPiece"), e.getMessage());
        e = assertThrows(UnsupportedTokenizerException.class, () -> Tokenizer.load(
                write("{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", -1.0]]}}")));
        assertTrue(e.getMessage().contains("Unigram"), e.getMessage());
    }

    @Test
    void unknownComponentTypesAreRejectedByName() throws IOException {
        var e = assertThrows(UnsupportedTokenizerException.class, () -> Tokenizer.load(
                write("{\"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"}, \"model\": " + BPE_MODEL + "}")));
        assertTrue(e.getMessage().contains("BertPreTokenizer"), e.getMessage());
        e = assertThrows(UnsupportedTokenizerException.class, () -> Tokenizer.load(
                write("{\"normalizer\": {\"type\": \"BertNormalizer\"}, \"model\": " + BPE_MODEL + "}")));
        assertTrue(e.getMessage().contains("BertNormalizer"), e.getMessage());
        e = assertThrows(UnsupportedTokenizerException.class, () -> Tokenizer.load(
                write("{\"decoder\": {\"type\": \"WordPiece\"}, \"model\": " + BPE_MODEL + "}")));
        assertTrue(e.getMessage().contains("WordPiece"), e.getMessage());
        e = assertThrows(UnsupportedTokenizerException.class, () -> Tokenizer.load(
                write("{\"post_processor\": {\"type\": \"BertProcessing\"}, \"model\": " + BPE_MODEL + "}")));
        assertTrue(e.getMessage().contains("BertProcessing"), e.getMessage());
    }

    @Test
    void missingTruncatedOrInconsistentFilesFailClearly() throws IOException {
        var e = assertThrows(UnableToLoadTokenizerException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
        e = assertThrows(UnableToLoadTokenizerException.class, () -> Tokenizer.load(write("{\"model\": {\"type\": \"BP")));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
        e = assertThrows(UnableToLoadTokenizerException.class, () -> Tokenizer.load(write(
                "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a z\"]}}")));
        assertTrue(e.getMessage().contains("\"a z\""), e.getMessage());
    }

    @Test
    void aMinimalBpeFileEncodesWithItsMerges() throws IOException {
        Tokenizer t = Tokenizer.load(write("{\"model\": " + BPE_MODEL + "}"));
        assertArrayEquals(new int[] {2, 0, 2, 1}, t.encode("abaabb"));
        assertEquals("abaabb", t.decode(new int[] {2, 0, 2, 1}));
    }
}
