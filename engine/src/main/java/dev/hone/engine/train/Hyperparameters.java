package dev.hone.engine.train;

import dev.hone.engine.data.BatchLayout;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.optim.LrSchedule;

import java.util.List;

/**
 * Everything that decides the numbers a training run produces, besides the model and the data. Saved in
 * every checkpoint; a resume must use equal hyperparameters. Validated here (STYLE 23).
 *
 * @param epochs         passes over the training set, ≥ 1
 * @param batchSize      examples per optimizer step, ≥ 1 (reached by gradient accumulation over micro-batches)
 * @param learningRate   peak learning rate, > 0
 * @param warmupSteps    optimizer steps of linear warmup, ≥ 0
 * @param decay          schedule after warmup
 * @param minLrFraction  the schedule's floor as a fraction of the peak, in [0, 1]
 * @param weightDecay    AdamW decoupled weight decay, ≥ 0 (applied to matrices only, not to biases or norm gains)
 * @param beta1          AdamW β1, in [0, 1)
 * @param beta2          AdamW β2, in [0, 1)
 * @param eps            AdamW ε, > 0
 * @param maxGradNorm    global-norm clipping threshold; 0 disables clipping
 * @param method         full fine-tuning or LoRA
 * @param loraRank       LoRA r, ≥ 1 (used with {@link TrainingMethod#LORA})
 * @param loraAlpha      LoRA alpha, > 0
 * @param loraDropout    LoRA dropout, in [0, 1)
 * @param loraTargets    module names LoRA wraps (q, k, v, o, gate, up, down; c_attn, c_proj, c_fc for GPT-2);
 *                       empty means the family's default
 * @param seed           seeds the data order, LoRA initialisation and LoRA dropout
 * @param rows           B: rows per micro-batch, ≥ 1
 * @param seqLen         T: tokens per row, ≥ 2
 * @param layout         packing or padding of examples into rows
 * @param shuffle        whether each epoch visits the examples in a fresh seeded order
 */
public record Hyperparameters(int epochs, int batchSize, double learningRate, int warmupSteps, LrSchedule.Decay decay,
                              double minLrFraction, double weightDecay, double beta1, double beta2, double eps,
                              double maxGradNorm, TrainingMethod method, int loraRank, double loraAlpha,
                              double loraDropout, List<String> loraTargets, long seed, int rows, int seqLen,
                              BatchLayout layout, boolean shuffle) {
    public Hyperparameters {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || warmupSteps < 0 || decay == null
                || !(minLrFraction >= 0 && minLrFraction <= 1) || !(weightDecay >= 0) || !(maxGradNorm >= 0)
                || method == null || rows < 1 || seqLen < 2 || layout == null) {
            throw new IllegalArgumentException("invalid hyperparameters: epochs " + epochs + " (>= 1), batch size "
                    + batchSize + " (>= 1), learning rate " + learningRate + " (> 0), warmup " + warmupSteps
                    + " (>= 0), decay " + decay + ", min lr fraction " + minLrFraction + " (in [0, 1]), weight decay "
                    + weightDecay + " (>= 0), max grad norm " + maxGradNorm + " (>= 0, 0 = off), method " + method
                    + ", rows " + rows + " (>= 1), seqLen " + seqLen + " (>= 2), layout " + layout);
        }
        loraTargets = loraTargets == null ? List.of() : List.copyOf(loraTargets);
        if (method == TrainingMethod.LORA) {
            new LoraConfig(loraRank, loraAlpha, loraDropout, loraTargets.isEmpty() ? List.of("q") : loraTargets, seed);
        }
    }

    /**
     * Defaults for a small run: 3 epochs, batch 8, lr 1e-4 (LoRA 2e-4 is common too), no warmup, cosine to
     * 10 %, weight decay 0.01, PyTorch's betas and eps, clipping at 1.0, full fine-tuning, LoRA r 8 / alpha
     * 16 / dropout 0.05 on the default targets, seed 42, micro-batches of 1 × 512 packed, shuffled.
     */
    public static Hyperparameters defaults() {
        return new Hyperparameters(3, 8, 1e-4, 0, LrSchedule.Decay.COSINE, 0.1, 0.01, 0.9, 0.999, 1e-8, 1.0,
                TrainingMethod.FULL, 8, 16, 0.05, List.of(), 42, 1, 512, BatchLayout.PACK, true);
    }

    public Hyperparameters withEpochs(int value) {
        return new Hyperparameters(value, batchSize, learningRate, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, method, loraRank, loraAlpha, loraDropout, loraTargets, seed, rows,
                seqLen, layout, shuffle);
    }

    public Hyperparameters withBatchSize(int value) {
        return new Hyperparameters(epochs, value, learningRate, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, method, loraRank, loraAlpha, loraDropout, loraTargets, seed, rows,
                seqLen, layout, shuffle);
    }

    public Hyperparameters withLearningRate(double value) {
        return new Hyperparameters(epochs, batchSize, value, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, method, loraRank, loraAlpha, loraDropout, loraTargets, seed, rows,
                seqLen, layout, shuffle);
    }

    public Hyperparameters withSchedule(int warmup, LrSchedule.Decay shape, double floorFraction) {
        return new Hyperparameters(epochs, batchSize, learningRate, warmup, shape, floorFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, method, loraRank, loraAlpha, loraDropout, loraTargets, seed, rows,
                seqLen, layout, shuffle);
    }

    public Hyperparameters withOptimizer(double decayCoefficient, double clipNorm) {
        return new Hyperparameters(epochs, batchSize, learningRate, warmupSteps, decay, minLrFraction,
                decayCoefficient, beta1, beta2, eps, clipNorm, method, loraRank, loraAlpha, loraDropout, loraTargets,
                seed, rows, seqLen, layout, shuffle);
    }

    public Hyperparameters withLora(int rank, double alpha, double dropout, List<String> targets) {
        return new Hyperparameters(epochs, batchSize, learningRate, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, TrainingMethod.LORA, rank, alpha, dropout, targets, seed, rows,
                seqLen, layout, shuffle);
    }

    public Hyperparameters withMethod(TrainingMethod value) {
        return new Hyperparameters(epochs, batchSize, learningRate, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, value, loraRank, loraAlpha, loraDropout, loraTargets, seed, rows,
                seqLen, layout, shuffle);
    }

    public Hyperparameters withSeed(long value) {
        return new Hyperparameters(epochs, batchSize, learningRate, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, method, loraRank, loraAlpha, loraDropout, loraTargets, value, rows,
                seqLen, layout, shuffle);
    }

    public Hyperparameters withMicroBatch(int rowsPerMicroBatch, int tokensPerRow, BatchLayout value) {
        return new Hyperparameters(epochs, batchSize, learningRate, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, method, loraRank, loraAlpha, loraDropout, loraTargets, seed,
                rowsPerMicroBatch, tokensPerRow, value, shuffle);
    }

    public Hyperparameters withShuffle(boolean value) {
        return new Hyperparameters(epochs, batchSize, learningRate, warmupSteps, decay, minLrFraction, weightDecay,
                beta1, beta2, eps, maxGradNorm, method, loraRank, loraAlpha, loraDropout, loraTargets, seed, rows,
                seqLen, layout, value);
    }
}
