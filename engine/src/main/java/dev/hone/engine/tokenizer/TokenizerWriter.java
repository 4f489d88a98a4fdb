package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a trained {@link ByteLevelBpe} as a Hugging Face tokenizer: {@code tokenizer.json} (BPE model,
 * special tokens as added tokens, Split+ByteLevel pre-tokenizer, ByteLevel decoder) and a minimal
 * {@code tokenizer_config.json} naming BOS/EOS. Hone's loader and Hugging Face's tokenizers read the
 * result identically. Each file is written to a temporary name and renamed into place.
 * Not a chat-template writer: a missing {@code chat_template} means ChatML to Hone.
 */
public final class TokenizerWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerWriter() {
    }

    /**
     * Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir} (created if needed).
     *
     * @param bosToken beginning-of-sequence token (one of the special tokens), or null for none
     * @param eosToken end-of-sequence token (one of the special tokens), or null for none
     */
    public static void write(Path dir, ByteLevelBpe bpe, String bosToken, String eosToken) {
        for (String t : new String[] {bosToken, eosToken}) {
            if (t != null && !bpe.specialTokens().contains(t)) {
                throw new IllegalArgumentException("BOS/EOS token '" + t + "' is not one of the special tokens "
                        + bpe.specialTokens() + "; add it to the trainer's special tokens");
            }
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("add_bos_token", false);
        config.put("clean_up_tokenization_spaces", false);
        config.put("model_max_length", 1_000_000);
        putToken(config, "bos_token", bosToken);
        putToken(config, "eos_token", eosToken);
        putToken(config, "pad_token", eosToken);
        try {
            Files.createDirectories(dir);
            atomicWrite(dir.resolve("tokenizer.json"), tokenizerJson(bpe));
            atomicWrite(dir.resolve("tokenizer_config.json"), config);
        } catch (IOException e) {
            throw new UnableToWriteTokenizerException("cannot write tokenizer files to " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable and the disk has space", e);
        }
    }

    private static void putToken(ObjectNode config, String field, String token) {
        if (token == null) {
            config.putNull(field);
        } else {
            config.put(field, token);
        }
    }

    static ObjectNode tokenizerJson(ByteLevelBpe bpe) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < bpe.specialTokens().size(); i++) {
            added.addObject().put("id", i).put("content", bpe.specialTokens().get(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", bpe.splitRegex());
        split.put("behavior", "Isolated").put("invert", false);
        steps.add(byteLevel());
        root.set("post_processor", byteLevel());
        root.set("decoder", byteLevel());
        ObjectNode model = root.putObject("model").put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < bpe.tokens().size(); id++) {
            vocab.put(bpe.tokens().get(id), id);
        }
        ArrayNode merges = model.putArray("merges");
        for (String[] m : bpe.merges()) {
            merges.addArray().add(m[0]).add(m[1]);
        }
        return root;
    }

    private static ObjectNode byteLevel() {
        return JSON.createObjectNode().put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", false).put("use_regex", false);
    }

    private static void atomicWrite(Path file, ObjectNode json) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), json);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
