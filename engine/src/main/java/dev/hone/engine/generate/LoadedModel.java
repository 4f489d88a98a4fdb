package dev.hone.engine.generate;

import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A model ready to serve: shared base weights plus an optional LoRA adapter applied at run time
 * (never merged), so any number of fine-tuned models reuse one copy of their base in memory.
 * Immutable and thread-safe; concurrent requests each get their own KV cache.
 */
public final class LoadedModel {
    private final CausalLm base;
    private final RuntimeAdapter adapter;
    private final Decoder decoder;

    private LoadedModel(CausalLm base, RuntimeAdapter adapter) {
        this.base = base;
        this.adapter = adapter;
        this.decoder = Decoder.of(base, adapter);
    }

    /** The base model alone; its weights must not change while it serves. */
    public static LoadedModel of(CausalLm base) {
        return new LoadedModel(base, RuntimeAdapter.NONE);
    }

    /** The same base with {@code adapter} added (the base is shared, not copied). */
    public LoadedModel withAdapter(RuntimeAdapter adapter) {
        return new LoadedModel(base, adapter);
    }

    /** The same base with the PEFT adapter stored in {@code adapterDir}. */
    public LoadedModel withAdapter(Path adapterDir) {
        return withAdapter(RuntimeAdapter.load(adapterDir, base));
    }

    public CausalLm base() {
        return base;
    }

    public RuntimeAdapter adapter() {
        return adapter;
    }

    public ModelConfig config() {
        return base.config();
    }

    public Decoder decoder() {
        return decoder;
    }

    /** A generator that renders text with {@code detokenizer} (usually {@code tokenizer::decode}). */
    public Generator generator(Detokenizer detokenizer) {
        return new Generator(decoder, detokenizer);
    }

    /** Shorthand for {@code generator(detokenizer).generate(request, listener, cancelled)}. */
    public GenerationResult generate(GenerationRequest request, Detokenizer detokenizer, TokenListener listener,
                                     BooleanSupplier cancelled) {
        return generator(detokenizer).generate(request, listener, cancelled);
    }
}
