package dev.hone.engine.train;

/** What a training run updates: every weight, or low-rank adapters on a frozen base. */
public enum TrainingMethod {
    /** Full fine-tuning: every parameter is trained; the result is a Hugging Face model directory. */
    FULL,
    /** LoRA: the base is frozen, only adapters train; the result is a PEFT adapter directory. */
    LORA
}
