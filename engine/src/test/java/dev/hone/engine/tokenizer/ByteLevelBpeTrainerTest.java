package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Trains a small byte-level BPE, writes it, and reads it back with Hone's loader and the HF oracle. */
class ByteLevelBpeTrainerTest {
    private static final List<String> SPECIALS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");
    private static final List<String> CORPUS = List.of(TestTexts.large(40_000, 5), TestTexts.MULTILINGUAL,
            "<|im_start|>user\nhello there<|im_end|>\n<|im_start|>assistant\nhello again<|im_end|><|endoftext|>");

    @TempDir
    Path tmp;

    @Test
    void writtenTokenizerEncodesLikeHuggingFaceReadingTheSameFile() throws IOException {
        ByteLevelBpe bpe = ByteLevelBpeTrainer.train(CORPUS, 400, SPECIALS, 2);
        assertEquals(400, bpe.merges().size());
        TokenizerWriter.write(tmp, bpe, null, "<|im_end|>");
        Tokenizer ours = Tokenizer.load(tmp);
        try (HfOracle oracle = new HfOracle(tmp.resolve("tokenizer.json"))) {
            String heldOut = TestTexts.large(5_000, 99) + "<|im_start|>system\nnew text 123 ünïcödé 🦙<|im_end|>";
            for (String text : List.of(heldOut, TestTexts.MULTILINGUAL, CORPUS.get(2))) {
                int[] ids = oracle.encode(text);
                assertArrayEquals(ids, ours.encode(text));
                assertEquals(text, ours.decode(ids));
                assertEquals(oracle.decode(ids), ours.decode(ids));
            }
        }
        assertEquals(2, ours.eosId().orElseThrow());
        assertTrue(ours.bosId().isEmpty());
        assertEquals(1, ours.tokenId("<|im_start|>").orElseThrow());
    }

    @Test
    void mergesCompressTheTrainingText() {
        ByteLevelBpe bpe = ByteLevelBpeTrainer.train(CORPUS, 300, SPECIALS, 2);
        TokenizerWriter.write(tmp, bpe, null, "<|endoftext|>");
        Tokenizer t = Tokenizer.load(tmp);
        String text = CORPUS.get(0);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int tokens = t.encode(text).length;
        assertTrue(tokens < bytes / 2, "300 merges should at least halve " + bytes + " bytes, got " + tokens + " tokens");
        assertEquals(SPECIALS.size() + 256 + 300, t.vocabSize(), "no merge repeats an existing token here");
    }

    @Test
    void trainingIsDeterministic() throws IOException {
        TokenizerWriter.write(tmp.resolve("a"), ByteLevelBpeTrainer.train(CORPUS, 200, SPECIALS, 1), null, null);
        TokenizerWriter.write(tmp.resolve("b"), ByteLevelBpeTrainer.train(CORPUS, 200, SPECIALS, 1), null, null);
        assertEquals(Files.readString(tmp.resolve("a/tokenizer.json")), Files.readString(tmp.resolve("b/tokenizer.json")));
    }

    @Test
    void trainingStopsWhenNoPairIsFrequentEnough() {
        ByteLevelBpe bpe = ByteLevelBpeTrainer.train(List.of("abab xyz"), 100, List.of(), 2);
        assertEquals(List.of("a", "b"), List.of(bpe.merges().get(0)));
        assertEquals(1, bpe.merges().size(), "only (a, b) occurs twice");
    }
}
