package dev.hone.server.validation;

import java.util.List;

/**
 * Control tokens of the chat formats Hone trains (GPT-2/tiktoken, ChatML as used by Qwen and SmolLM,
 * Llama 3) that may not appear in training text: a tokenizer would read them as control tokens, so
 * the example would break out of its chat template. OpenAI rejects such text the same way ("Example 6174
 * message contains an invalid token: <|fim_suffix|>.", reference §3.4). Plain-looking markers such as
 * {@code <s>} or {@code [INST]} are left alone: they occur in ordinary text (HTML, docs).
 */
final class SpecialTokens {
    static final List<String> TOKENS = List.of(
            "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|endofprompt|>",
            "<|im_start|>", "<|im_end|>", "<|im_sep|>",
            "<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
            "<|eom_id|>", "<|python_tag|>", "<|finetune_right_pad_id|>");

    private SpecialTokens() {
    }

    /** The first special token in {@code text}, or null when it has none. */
    static String find(String text) {
        int at = text.indexOf("<|");
        while (at >= 0) {
            for (String token : TOKENS) {
                if (text.startsWith(token, at)) {
                    return token;
                }
            }
            at = text.indexOf("<|", at + 2);
        }
        return null;
    }
}
