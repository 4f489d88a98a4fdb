/**
 * Text generation for serving: an incremental forward pass with a KV cache ({@link
 * dev.hone.engine.generate.Decoder}), sampling and stop handling ({@link dev.hone.engine.generate.Generator}),
 * LoRA adapters applied at run time over a shared base ({@link dev.hone.engine.generate.LoadedModel},
 * {@link dev.hone.engine.generate.RuntimeAdapter}) and a bounded LRU of loaded models
 * ({@link dev.hone.engine.generate.ModelCache}). Knows token ids only: the server encodes prompts and
 * passes {@code tokenizer::decode} as the {@link dev.hone.engine.generate.Detokenizer}.
 */
package dev.hone.engine.generate;
