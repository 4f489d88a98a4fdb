package dev.hone.server.validation;

import java.util.Locale;

/**
 * The fine-tuning method a dataset is validated for: it decides which line format is accepted
 * (reference §4). Not the method's hyperparameters: those live with the job.
 */
public enum TrainingMethod {
    /** Supervised fine-tuning: chat {@code messages} or legacy {@code prompt}/{@code completion} lines. */
    SUPERVISED("supervised"),
    /** Direct preference optimisation: {@code input}, {@code preferred_output}, {@code non_preferred_output}. */
    DPO("dpo"),
    /** Reinforcement fine-tuning: {@code messages} plus any extra keys the graders read. */
    REINFORCEMENT("reinforcement");

    private final String wireName;

    TrainingMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The name OpenAI uses in {@code method.type} and in its error messages. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire or command-line name: {@code supervised} (or {@code sft}), {@code dpo},
     * {@code reinforcement} (or {@code rft}), case-insensitive.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
     */
    public static TrainingMethod parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "supervised", "sft" -> {
                return SUPERVISED;
            }
            case "dpo" -> {
                return DPO;
            }
            case "reinforcement", "rft" -> {
                return REINFORCEMENT;
            }
            default -> throw new IllegalArgumentException("Unknown training method '" + name
                    + "': expected one of sft (supervised), dpo, reinforcement (rft).");
        }
    }
}
