package dev.hone.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * A loaded BPE tokenizer: the Hugging Face encode pipeline in order —
 * split out raw-text added tokens → normalize each stretch → split out normalized added tokens →
 * pre-tokenize → BPE model per piece; and decode as token strings → decoder chain → text.
 * Built by {@link TokenizerLoader}; immutable apart from the model's per-piece cache, so thread-safe.
 */
final class BpeTokenizer implements Tokenizer {
    private final AddedTokens rawAdded;
    private final AddedTokens normalizedAdded;
    private final Map<String, Integer> addedIds;
    private final Map<Integer, String> addedTokens;
    private final UnaryOperator<String> normalizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final Decoder decoder;
    private final PostProcessor postProcessor;
    private final OptionalInt bos;
    private final OptionalInt eos;
    private final int vocabSize;

    record Parts(List<AddedTokens.AddedToken> added, UnaryOperator<String> normalizer, PreTokenizer preTokenizer,
                 BpeModel model, Decoder decoder, PostProcessor postProcessor) {
    }

    BpeTokenizer(Parts parts, OptionalInt bos, OptionalInt eos) {
        this.rawAdded = new AddedTokens(parts.added().stream().filter(t -> !t.normalized()).toList());
        // As in Hugging Face, a normalized added token is matched by its normalized content in normalized text.
        this.normalizedAdded = new AddedTokens(parts.added().stream().filter(AddedTokens.AddedToken::normalized)
                .map(t -> new AddedTokens.AddedToken(t.id(), parts.normalizer().apply(t.content()), t.special(),
                        t.lstrip(), t.rstrip(), true, t.singleWord())).toList());
        this.addedIds = new java.util.HashMap<>();
        this.addedTokens = new java.util.HashMap<>();
        int max = parts.model().size() - 1;
        for (var t : parts.added()) {
            addedIds.put(t.content(), t.id());
            addedTokens.put(t.id(), t.content());
            max = Math.max(max, t.id());
        }
        this.vocabSize = max + 1;
        this.normalizer = parts.normalizer();
        this.preTokenizer = parts.preTokenizer();
        this.model = parts.model();
        this.decoder = parts.decoder();
        this.postProcessor = parts.postProcessor();
        this.bos = bos;
        this.eos = eos;
    }

    @Override
    public int[] encode(String text) {
        IntList out = new IntList(text.length() / 3 + 4);
        boolean atStart = true;
        for (AddedTokens.Segment raw : rawAdded.split(text)) {
            if (raw.isToken()) {
                out.add(raw.id());
                atStart = false;
                continue;
            }
            String normalized = normalizer.apply(raw.text());
            for (AddedTokens.Segment seg : normalizedAdded.split(normalized)) {
                if (seg.isToken()) {
                    out.add(seg.id());
                } else {
                    encodeStretch(seg.text(), atStart, out);
                }
                atStart = false;
            }
        }
        return out.toArray();
    }

    private void encodeStretch(String text, boolean atStart, IntList out) {
        List<String> pieces = new ArrayList<>();
        pieces.add(text);
        preTokenizer.apply(pieces, atStart);
        for (String piece : pieces) {
            model.encode(piece, out);
        }
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        return postProcessor.process(encode(text));
    }

    @Override
    public String decode(int[] ids) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = token(id);
            if (t != null) {
                tokens.add(t);
            }
        }
        return String.join("", decoder.decodeChain(tokens));
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public OptionalInt bosId() {
        return bos;
    }

    @Override
    public OptionalInt eosId() {
        return eos;
    }

    @Override
    public OptionalInt tokenId(String token) {
        Integer id = addedIds.get(token);
        if (id == null) {
            id = model.id(token);
        }
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String token(int id) {
        String t = addedTokens.get(id);
        return t != null ? t : model.token(id);
    }
}
