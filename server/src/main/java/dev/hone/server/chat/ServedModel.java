package dev.hone.server.chat;

import dev.hone.engine.generate.LoadedModel;
import dev.hone.engine.template.ChatTemplate;
import dev.hone.engine.tokenizer.Tokenizer;

/**
 * A model ready to answer a request: the engine's loaded weights (shared through the model cache),
 * the tokenizer and chat template the trainer used, and the token ids that end a reply.
 *
 * @param id             the model name as the request gave it (echoed in responses)
 * @param model          weights and decoder
 * @param tokenizer      the model's tokenizer
 * @param template       the model's chat template (or the ChatML fallback)
 * @param chatStopTokens EOS and end-of-turn ids ({@code <|im_end|>}, {@code <|eot_id|>} ...) present in the vocabulary
 * @param eosTokens      EOS alone (and {@code <|endoftext|>}), which ends a legacy completion
 */
public record ServedModel(String id, LoadedModel model, Tokenizer tokenizer, ChatTemplate template,
                          int[] chatStopTokens, int[] eosTokens) {
    /** The model's context length in tokens. */
    public int context() {
        return model.config().maxT();
    }

    /** Text of one token as the API shows it (decoded, so byte-level markers become spaces). */
    public String tokenText(int id) {
        return tokenizer.decode(new int[] {id});
    }
}
