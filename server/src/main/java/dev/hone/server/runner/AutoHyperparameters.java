package dev.hone.server.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.train.TrainingMethod;

/**
 * Resolves a job's {@code "auto"} hyperparameters once its training file is read (reference §5). The rules:
 * <ul>
 * <li>{@code n_epochs}: the cookbook heuristic of reference §5.1, exactly (target 3 epochs, 100..25,000
 *     example-epochs, 1..25 epochs).</li>
 * <li>{@code batch_size}: 0.2 % of the training examples, rounded up, within 1..256 (the retired API's
 *     documented rule); the same for LoRA and full fine-tuning.</li>
 * <li>{@code learning_rate_multiplier}: 2.0 for LoRA, 1.0 for full fine-tuning, halved when the batch
 *     is 1 and the set has more than 1,000 examples (many noisy small steps).</li>
 * </ul>
 * The peak learning rate is the method's base rate times the multiplier: {@link #BASE_LR_LORA} and
 * {@link #BASE_LR_FULL}. Not a validator: the bounds were checked when the job was created.
 */
public final class AutoHyperparameters {
    /** Base learning rate of LoRA training, before the multiplier. */
    public static final double BASE_LR_LORA = 1e-4;
    /** Base learning rate of full fine-tuning, before the multiplier. */
    public static final double BASE_LR_FULL = 1e-5;

    private static final int TARGET_EPOCHS = 3;
    private static final int MIN_TARGET_EXAMPLES = 100;
    private static final int MAX_TARGET_EXAMPLES = 25_000;
    private static final int MIN_DEFAULT_EPOCHS = 1;
    private static final int MAX_DEFAULT_EPOCHS = 25;

    private AutoHyperparameters() {
    }

    /** The job's numbers: given ones kept, {@code "auto"} ones resolved. */
    public record Resolved(int batchSize, double learningRateMultiplier, int epochs) {
    }

    /** Reference §5.1, exactly. */
    public static int epochs(int examples) {
        if ((long) examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES) {
            return Math.min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES / examples);
        }
        if ((long) examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES) {
            return Math.max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES / examples);
        }
        return TARGET_EPOCHS;
    }

    /** 0.2 % of the examples, rounded up, within 1..256. */
    public static int batchSize(int examples) {
        return (int) Math.max(1, Math.min(256, (examples * 2L + 999) / 1000));
    }

    /** 2.0 for LoRA, 1.0 for full; halved for batch 1 over more than 1,000 examples. */
    public static double learningRateMultiplier(TrainingMethod method, int batchSize, int examples) {
        double m = method == TrainingMethod.LORA ? 2.0 : 1.0;
        return batchSize == 1 && examples > 1000 ? m / 2 : m;
    }

    /** The base learning rate of {@code method}. */
    public static double baseLearningRate(TrainingMethod method) {
        return method == TrainingMethod.LORA ? BASE_LR_LORA : BASE_LR_FULL;
    }

    /**
     * Resolves {@code hyperparameters} (the job's {@code method.<type>.hyperparameters}) for a training set
     * of {@code examples}, writing the numbers into it in place.
     */
    public static Resolved resolve(ObjectNode hyperparameters, int examples, TrainingMethod method) {
        int batch = isAuto(hyperparameters.get("batch_size")) ? batchSize(examples)
                : hyperparameters.get("batch_size").intValue();
        double lrm = isAuto(hyperparameters.get("learning_rate_multiplier"))
                ? learningRateMultiplier(method, batch, examples)
                : hyperparameters.get("learning_rate_multiplier").doubleValue();
        int epochs = isAuto(hyperparameters.get("n_epochs")) ? epochs(examples)
                : hyperparameters.get("n_epochs").intValue();
        hyperparameters.put("batch_size", batch);
        hyperparameters.put("learning_rate_multiplier", lrm);
        hyperparameters.put("n_epochs", epochs);
        return new Resolved(batch, lrm, epochs);
    }

    private static boolean isAuto(JsonNode v) {
        return v == null || v.isNull() || v.isTextual();
    }
}
