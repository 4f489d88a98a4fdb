package dev.hone.server.runner;

import dev.hone.engine.train.TrainingMethod;

import java.util.Locale;
import java.util.Map;

/**
 * The job runner's settings, read from the environment ({@code HONE_*}) with embedded defaults.
 *
 * @param workers      concurrent trainings ({@code HONE_TRAINING_WORKERS}, default 1); 0 runs no trainings
 *                     (jobs stay queued), which the API-only tests use
 * @param method       how supervised jobs train ({@code HONE_TRAINING_METHOD}: {@code lora}, {@code full}, or
 *                     {@code auto}, the default, given here as null: {@link #methodFor} decides per base model)
 * @param leaseSeconds how long a claimed job stays a worker's without a heartbeat ({@code HONE_LEASE_SECONDS},
 *                     default 30); the heartbeat renews it every third of that
 * @param pollMillis   how often an idle worker looks for queued jobs ({@code HONE_RUNNER_POLL_MS}, default 500)
 */
public record RunnerConfig(int workers, TrainingMethod method, int leaseSeconds, int pollMillis) {
    /** {@code auto} trains base models with fewer parameters than this fully, larger ones with LoRA. */
    public static final long FULL_BELOW_PARAMETERS = 100_000_000L;

    public RunnerConfig {
        if (workers < 0 || leaseSeconds < 2 || pollMillis < 10) {
            throw new IllegalArgumentException("Invalid runner settings: workers " + workers + " (>= 0), lease "
                    + leaseSeconds + " s (>= 2), poll " + pollMillis + " ms (>= 10), method " + method
                    + ". Fix HONE_TRAINING_WORKERS, HONE_LEASE_SECONDS, HONE_RUNNER_POLL_MS or HONE_TRAINING_METHOD.");
        }
    }

    /** The settings in {@code env}, defaults for what is missing. */
    public static RunnerConfig fromEnv(Map<String, String> env) {
        String m = env.getOrDefault("HONE_TRAINING_METHOD", "auto").trim().toLowerCase(Locale.ROOT);
        TrainingMethod method = switch (m) {
            case "lora" -> TrainingMethod.LORA;
            case "full" -> TrainingMethod.FULL;
            case "auto", "" -> null;
            default -> throw new IllegalArgumentException("Invalid HONE_TRAINING_METHOD '" + m
                    + "': expected auto, lora or full.");
        };
        return new RunnerConfig(number(env, "HONE_TRAINING_WORKERS", 1), method, number(env, "HONE_LEASE_SECONDS", 30),
                number(env, "HONE_RUNNER_POLL_MS", 500));
    }

    /**
     * The method a job on a base model of {@code parameters} trains with: the configured one, or for
     * {@code auto} full fine-tuning below {@link #FULL_BELOW_PARAMETERS} parameters and LoRA above. A small model's
     * full weights cost little to store, and LoRA keeps the embeddings frozen, so it cannot teach a small base
     * the tokens its pretraining never used (hone-tiny never saw the ChatML markers).
     */
    public TrainingMethod methodFor(long parameters) {
        if (method != null) {
            return method;
        }
        return parameters < FULL_BELOW_PARAMETERS ? TrainingMethod.FULL : TrainingMethod.LORA;
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + name + " '" + v + "': expected a whole number.");
        }
    }
}
