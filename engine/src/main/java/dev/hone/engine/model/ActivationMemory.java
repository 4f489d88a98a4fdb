package dev.hone.engine.model;

/**
 * How a model keeps its activations for the backward pass. {@link #KEEP} stores every transformer
 * block's activations; {@link #RECOMPUTE} stores only each block's input and runs the block's forward
 * again just before its backward (activation checkpointing), so activation memory is one block's worth
 * plus one (B, T, C) input per block, at the cost of about one more forward pass. Both give bitwise the
 * same losses and gradients. The default comes from {@code -Dhone.recompute=true|false} (false).
 * Reference: Chen et al., "Training Deep Nets with Sublinear Memory Cost" (2016); PyTorch
 * {@code torch.utils.checkpoint}.
 */
public enum ActivationMemory {
    KEEP,
    RECOMPUTE;

    /** System property choosing {@link #RECOMPUTE} when {@code true}. */
    public static final String PROPERTY = "hone.recompute";

    /**
     * The mode {@code -Dhone.recompute} asks for: absent or {@code false} is KEEP, {@code true} RECOMPUTE.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static ActivationMemory fromSystemProperty() {
        String value = System.getProperty(PROPERTY, "false").strip();
        return switch (value) {
            case "false", "" -> KEEP;
            case "true" -> RECOMPUTE;
            default -> throw new IllegalArgumentException("expected system property " + PROPERTY
                    + " to be 'true' or 'false', found '" + value + "'; use -D" + PROPERTY
                    + "=true to recompute block activations in backward, or leave it unset");
        };
    }
}
