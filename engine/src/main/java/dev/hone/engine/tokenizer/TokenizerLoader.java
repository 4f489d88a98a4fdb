package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads a Hugging Face model directory's tokenizer files into a {@link BpeTokenizer}:
 * {@code tokenizer.json} (model, added tokens, normalizer, pre-tokenizer, decoder, post-processor),
 * then BOS/EOS from {@code tokenizer_config.json} ({@code bos_token}/{@code eos_token}, a string or an
 * {@code {"content": ...}} object) or, when it does not name them, {@code config.json}'s
 * {@code bos_token_id}/{@code eos_token_id}. Only the BPE model type is supported.
 */
final class TokenizerLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerLoader() {
    }

    static Tokenizer load(Path modelDir) {
        Path file = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new UnableToLoadTokenizerException("no tokenizer.json in " + modelDir + "; expected a Hugging Face"
                    + " model directory. Copy the model's tokenizer.json there or train one with 'hone tokenizer train'.");
        }
        JsonNode root = read(file);
        JsonNode model = root.path("model");
        String type = model.path("type").asText(model.has("merges") ? "BPE" : "");
        if (!"BPE".equals(type)) {
            throw new UnsupportedTokenizerException(file + ": model type '" + type + "' is not supported; Hone"
                    + " reads BPE tokenizers only (byte-level like GPT-2/Llama 3/Qwen, or SentencePiece-style"
                    + " like Llama 2/Mistral). Pick a base model with a BPE tokenizer.json.");
        }
        double dropout = model.path("dropout").asDouble(0);
        if (dropout > 0) {
            throw new UnsupportedTokenizerException(file + ": BPE dropout " + dropout + " is not supported"
                    + " (it makes encoding random); set \"dropout\": null");
        }
        BpeModel bpe = bpe(model, file);
        var parts = new BpeTokenizer.Parts(addedTokens(root.path("added_tokens"), bpe),
                Normalizers.fromJson(root.get("normalizer")), PreTokenizer.fromJson(root.get("pre_tokenizer")),
                bpe, Decoder.fromJson(root.get("decoder")),
                PostProcessor.fromJson(root.get("post_processor")));
        Map<String, Integer> ids = new HashMap<>();
        parts.added().forEach(t -> ids.put(t.content(), t.id()));
        var special = new SpecialIds(modelDir, parts.model(), ids);
        return new BpeTokenizer(parts, special.find("bos"), special.find("eos"));
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UnableToLoadTokenizerException("cannot read " + file + " as JSON: " + e.getMessage()
                    + "; expected a Hugging Face tokenizer file", e);
        }
    }

    private static BpeModel bpe(JsonNode model, Path file) {
        JsonNode vocabNode = model.path("vocab");
        if (!vocabNode.isObject()) {
            throw new UnableToLoadTokenizerException(file + ": model.vocab must be an object {token: id}, found "
                    + Json.abbreviate(vocabNode));
        }
        Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
        for (var e : vocabNode.properties()) {
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : model.path("merges")) {
            String[] pair;
            if (m.isTextual()) {
                pair = m.asText().split(" ", -1);
            } else {
                pair = new String[] {m.path(0).asText(), m.path(1).asText()};
                pair = m.size() == 2 ? pair : new String[0];
            }
            if (pair.length != 2) {
                throw new UnableToLoadTokenizerException(file + ": merge " + Json.abbreviate(m)
                        + " must be \"left right\" or [\"left\", \"right\"]");
            }
            merges.add(pair);
        }
        var options = new BpeModel.Options(textOrNull(model, "unk_token"), model.path("fuse_unk").asBoolean(false),
                model.path("byte_fallback").asBoolean(false), model.path("ignore_merges").asBoolean(false),
                textOrNull(model, "continuing_subword_prefix"), textOrNull(model, "end_of_word_suffix"));
        return new BpeModel(vocab, merges, options);
    }

    /**
     * Reads {@code added_tokens} and gives them ids the way Hugging Face does on load: a token already in
     * the model vocabulary (or added earlier) keeps that id; a new one gets the next id after the
     * vocabulary and the added tokens so far. For consistent files this equals the ids written there.
     */
    private static List<AddedTokens.AddedToken> addedTokens(JsonNode list, BpeModel model) {
        List<AddedTokens.AddedToken> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int maxAdded = -1;
        for (JsonNode t : list) {
            String content = Json.text(t, "content", "added_tokens entry");
            Integer id = seen.containsKey(content) ? seen.get(content) : model.id(content);
            if (id == null) {
                id = Math.max(model.vocabularyCount(), maxAdded + 1);
            }
            seen.put(content, id);
            maxAdded = Math.max(maxAdded, id);
            boolean special = t.path("special").asBoolean(false);
            out.add(new AddedTokens.AddedToken(id, content, special, t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false), t.path("normalized").asBoolean(!special),
                    t.path("single_word").asBoolean(false)));
        }
        return out;
    }

    static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Resolves BOS/EOS ids from tokenizer_config.json, then config.json. */
    private record SpecialIds(Path dir, BpeModel model, Map<String, Integer> added) {
        OptionalInt find(String which) {
            Path tc = dir.resolve("tokenizer_config.json");
            if (Files.isRegularFile(tc)) {
                JsonNode node = read(tc).get(which + "_token");
                if (node != null) {
                    String content = node.isObject() ? textOrNull(node, "content") : node.isNull() ? null : node.asText();
                    if (content == null) {
                        return OptionalInt.empty();
                    }
                    Integer id = added.containsKey(content) ? added.get(content) : model.id(content);
                    if (id == null) {
                        throw new UnableToLoadTokenizerException(tc + ": " + which + "_token '" + content
                                + "' is neither an added token nor in the vocabulary of tokenizer.json");
                    }
                    return OptionalInt.of(id);
                }
            }
            Path config = dir.resolve("config.json");
            if (Files.isRegularFile(config)) {
                JsonNode id = read(config).get(which + "_token_id");
                if (id != null && id.isArray() && !id.isEmpty()) {
                    return OptionalInt.of(id.get(0).asInt());
                }
                if (id != null && id.isInt()) {
                    return OptionalInt.of(id.asInt());
                }
            }
            return OptionalInt.empty();
        }
    }
}
