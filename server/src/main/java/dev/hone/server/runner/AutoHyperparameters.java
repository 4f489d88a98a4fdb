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
 * <li>{@code learning_rate_multiplier}: 2.0 for LoRA, 1.0 for full fine-tuning, times the model's
 *     {@linkplain #sizeFactor size factor}, halved when the batch is 1 and the set has more than 1,000
 *     examples (many noisy small steps).</li>
 * </ul>
 * The size factor is {@code (1e9 / parameters)^0.77} within 1..100: the base rates are the usual ones for
 * models of a billion parameters and more, and smaller models, which tolerate and need larger steps, get
 * more. The power law runs through two points of common practice: full fine-tuning at 1e-5 for 1B+ models
 * and at 5e-5 for GPT-2 small (124M, the Hugging Face Trainer default). So SmolLM2-135M trains LoRA at
 * 9.4e-4, and hone-tiny (4.2M) trains fully at 6.8e-4 ({@code hone quickstart} learns its task in about 50
 * steps at that rate). An explicit multiplier keeps its plain meaning:
 * base rate times the number given.
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
    private static final double REFERENCE_PARAMETERS = 1e9;
    private static final double SIZE_EXPONENT = 0.77;
    private static final double MAX_SIZE_FACTOR = 100;

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

    /** {@code (1e9 / parameters)^0.77}, to one decimal, within 1..100: how much a model's size raises the base rate. */
    public static double sizeFactor(long parameters) {
        double f = Math.pow(REFERENCE_PARAMETERS / Math.max(1, parameters), SIZE_EXPONENT);
        return Math.max(1, Math.min(MAX_SIZE_FACTOR, Math.round(f * 10) / 10.0));
    }

    /**
     * 2.0 for LoRA, 1.0 for full, times {@link #sizeFactor(long)} of {@code parameters}; halved for batch 1
     * over more than 1,000 examples.
     */
    public static double learningRateMultiplier(TrainingMethod method, int batchSize, int examples, long parameters) {
        double m = (method == TrainingMethod.LORA ? 2.0 : 1.0) * sizeFactor(parameters);
        return batchSize == 1 && examples > 1000 ? m / 2 : m;
    }

    /** The base learning rate of {@code method}. */
    public static double baseLearningRate(TrainingMethod method) {
        return method == TrainingMethod.LORA ? BASE_LR_LORA : BASE_LR_FULL;
    }

    /**
     * Resolves {@code hyperparameters} (the job's {@code method.<type>.hyperparameters}) for a training set
     * of {@code examples} and a model of {@code parameters}, writing the numbers into it in place.
     */
    public static Resolved resolve(ObjectNode hyperparameters, int examples, TrainingMethod method,
            long parameters) {
        int batch = isAuto(hyperparameters.get("batch_size")) ? batchSize(examples)
                : hyperparameters.get("batch_size").intValue();
        double lrm = isAuto(hyperparameters.get("learning_rate_multiplier"))
                ? learningRateMultiplier(method, batch, examples, parameters)
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
