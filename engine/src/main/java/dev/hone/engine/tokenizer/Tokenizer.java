package dev.hone.engine.tokenizer;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Text ⇄ token ids for one model, read from a Hugging Face {@code tokenizer.json}.
 * Supports BPE models in both flavours real checkpoints use: byte-level BPE (GPT-2, Llama 3, Qwen)
 * and SentencePiece-style BPE with byte fallback (Llama 2, Mistral, TinyLlama).
 * Not a Unigram or WordPiece tokenizer: those fail to load with {@link UnsupportedTokenizerException}.
 * Reference: the Hugging Face {@code tokenizers} library (its JSON format and encode pipeline).
 */
public interface Tokenizer {

    /**
     * Loads the tokenizer of a Hugging Face model directory: {@code tokenizer.json}, plus
     * {@code tokenizer_config.json} and {@code config.json} (when present) for BOS/EOS.
     *
     * @param modelDir directory holding {@code tokenizer.json}
     * @throws UnableToLoadTokenizerException   when the files are missing or malformed
     * @throws UnsupportedTokenizerException    when a component type is not implemented
     */
    static Tokenizer load(Path modelDir) {
        return TokenizerLoader.load(modelDir);
    }

    /**
     * Encodes text. Added and special tokens written in the text (e.g. {@code <|im_start|>}) become
     * their ids. Adds no BOS/EOS: see {@link #encodeWithSpecialTokens(String)} for that.
     */
    int[] encode(String text);

    /**
     * Encodes text, then applies the file's post-processor the way Hugging Face does with
     * {@code add_special_tokens=True} (e.g. Llama 2 prepends {@code <s>}).
     */
    int[] encodeWithSpecialTokens(String text);

    /** Decodes ids back to text, special tokens included. Ids outside the vocabulary are skipped. */
    String decode(int[] ids);

    /** One past the largest id of the vocabulary and added tokens. */
    int vocabSize();

    /** Beginning-of-sequence id, from tokenizer_config.json or config.json; empty when the model has none. */
    OptionalInt bosId();

    /** End-of-sequence id, from tokenizer_config.json or config.json; empty when the model has none. */
    OptionalInt eosId();

    /** Exact lookup of a token string in the added tokens, then the model vocabulary. */
    OptionalInt tokenId(String token);

    /** The token string of an id (added tokens first, then the vocabulary), or null when unknown. */
    String token(int id);
}
