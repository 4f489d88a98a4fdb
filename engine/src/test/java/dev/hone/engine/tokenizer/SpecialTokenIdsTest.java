package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** BOS/EOS come from tokenizer_config.json (string or object form), else from config.json's ids. */
class SpecialTokenIdsTest {
    @TempDir
    Path dir;

    private void writeTokenizer() {
        ByteLevelBpe bpe = ByteLevelBpeTrainer.train(List.of("hello world"), 5, List.of("<s>", "</s>", "<pad>"), 1);
        TokenizerWriter.write(dir, bpe, null, null);
    }

    @Test
    void objectFormInTokenizerConfig() throws IOException {
        writeTokenizer();
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": {\"content\": \"<s>\", \"lstrip\": false},"
                + " \"eos_token\": \"</s>\"}");
        Tokenizer t = Tokenizer.load(dir);
        assertEquals(0, t.bosId().orElseThrow());
        assertEquals(1, t.eosId().orElseThrow());
    }

    @Test
    void configJsonIdsWhenTokenizerConfigDoesNotNameThem() throws IOException {
        writeTokenizer();
        Files.delete(dir.resolve("tokenizer_config.json"));
        Files.writeString(dir.resolve("config.json"), "{\"bos_token_id\": 2, \"eos_token_id\": [1, 0]}");
        Tokenizer t = Tokenizer.load(dir);
        assertEquals(2, t.bosId().orElseThrow());
        assertEquals(1, t.eosId().orElseThrow());
    }

    @Test
    void nullMeansNoneAndUnknownTokensFail() throws IOException {
        writeTokenizer();
        Tokenizer t = Tokenizer.load(dir);
        assertTrue(t.bosId().isEmpty());
        assertTrue(t.eosId().isEmpty());
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|nope|>\"}");
        var e = assertThrows(UnableToLoadTokenizerException.class, () -> Tokenizer.load(dir));
        assertTrue(e.getMessage().contains("<|nope|>"), e.getMessage());
    }
}
