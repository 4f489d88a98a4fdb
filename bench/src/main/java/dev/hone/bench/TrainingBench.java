package dev.hone.bench;

import dev.hone.engine.kernel.Bf16Weight;
import dev.hone.engine.kernel.Kernels;
import dev.hone.engine.kernel.Parallel;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.StepResult;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;
import dev.hone.engine.optim.AdamW;
import dev.hone.engine.optim.AdamWConfig;
import dev.hone.engine.optim.GradientClipping;
import dev.hone.engine.optim.TrainableTensor;
import dev.hone.engine.train.ModelInit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Hone's side of {@code bench/run-training-bench}: training tokens/s of one model shape on random tokens,
 * and this process's peak RSS. One step is what {@code Trainer.train} does for a step of one micro-batch:
 * zero the grads, forward (cross-entropy, mean over every token), backward, global-norm clipping (max norm
 * 1.0), AdamW (lr 1e-4, betas (0.9, 0.999), eps 1e-8, weight decay 0.01 on matrices only). Full fine-tuning
 * trains every parameter of a random fp32 model ({@code train.ModelInit}); LoRA attaches rank-r adapters
 * (alpha 2r, no dropout) to every projection of a random base stored as bf16 ({@code FROZEN_BF16}). The
 * batch is B unpacked rows of T tokens, as the PyTorch baseline ({@code bench/reference/train_bench_torch.py})
 * trains. Precision and backend come from the engine's own properties ({@code -Dhone.kernels},
 * {@code -Dhone.precision}, {@code -Dhone.threads}), passed on the JVM command line. Prints one line
 * {@code RESULT side=hone variant=… tokens_per_s=… peak_rss_mb=… step_s=… loss=… params=…}; an out-of-memory
 * run prints {@code status=oom} and exits 3. Not a test: the figures depend on the machine and its load.
 */
public final class TrainingBench {
    private static final double LR = 1e-4;
    private static final float MAX_GRAD_NORM = 1f;

    private TrainingBench() {
    }

    /**
     * What one run measured.
     *
     * @param tokensPerSecond B·T·steps / seconds of the timed steps
     * @param peakRssBytes    VmHWM at the end of the run
     * @param stepSeconds     mean seconds per timed step
     * @param loss            the last step's loss
     * @param params          parameters of the model (frozen ones and adapters included)
     */
    public record Result(String label, double tokensPerSecond, long peakRssBytes, double stepSeconds, double loss,
                         long params) {
        /** The line the shell harness greps. */
        public String line() {
            return String.format(Locale.ROOT, "RESULT side=hone variant=%s tokens_per_s=%.2f peak_rss_mb=%.0f"
                    + " step_s=%.3f loss=%.4f params=%d", label, tokensPerSecond, peakRssBytes / 1048576.0,
                    stepSeconds, loss, params);
        }
    }

    public static void main(String[] args) {
        TrainingBenchOptions o;
        try {
            o = TrainingBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("TrainingBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "hone: kernels %s, threads %d, hone.precision=%s, hone.kernels=%s, %s %s,"
                + " %d x %d tokens, max heap %d MB%n", Kernels.backend(), Parallel.threads(),
                System.getProperty("hone.precision", "(unset)"), System.getProperty("hone.kernels", "(unset)"),
                o.arch(), o.lora() ? "lora r" + o.loraRank() : "full", o.B(), o.T(),
                Runtime.getRuntime().maxMemory() >> 20);
        try {
            System.out.println(run(o).line());
        } catch (OutOfMemoryError e) {
            System.out.printf(Locale.ROOT, "RESULT side=hone variant=%s status=oom peak_rss_mb=%.0f%n", o.label(),
                    PeakRss.bytes() / 1048576.0);
            System.exit(3);
        }
    }

    /** Builds the model, runs the warm-up and timed steps, and measures. */
    public static Result run(TrainingBenchOptions o) {
        CausalLm model = build(o);
        List<TrainableTensor> tensors = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        for (Parameter p : model.parameters().trainable()) {
            tensors.add(new TrainableTensor(p.name(), p.data(), p.grad(), p.shape().length >= 2));
            grads.add(p.grad());
        }
        AdamW optimizer = new AdamW(new AdamWConfig(0.9, 0.999, 1e-8, 0.01), tensors);
        Batch batch = randomBatch(o);
        for (int i = 0; i < o.warmup(); i++) {
            step(model, batch, grads, optimizer);
        }
        long t0 = System.nanoTime();
        double loss = 0;
        for (int i = 0; i < o.steps(); i++) {
            loss = step(model, batch, grads, optimizer);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(o.label(), o.tokensPerStep() * o.steps() / seconds, PeakRss.bytes(), seconds / o.steps(),
                loss, model.parameters().count());
    }

    /** One optimizer step over one micro-batch, as {@code Trainer.train} runs it; returns the loss. */
    static double step(CausalLm model, Batch batch, List<float[]> grads, AdamW optimizer) {
        model.zeroGrad();
        StepResult r = model.forward(batch);
        model.backward(1f);
        float norm = GradientClipping.clipGlobalNorm(grads, MAX_GRAD_NORM);
        if (!Float.isFinite(r.loss()) || !Float.isFinite(norm)) {
            throw new IllegalStateException("the bench step diverged: loss " + r.loss() + ", gradient norm " + norm
                    + "; expected finite values from a random model");
        }
        optimizer.step(LR);
        return r.loss();
    }

    static CausalLm build(TrainingBenchOptions o) {
        ModelConfig c = o.config();
        if (!o.lora()) {
            return ModelInit.random(c, o.seed());
        }
        CausalLm model = c.family() == ModelConfig.Family.GPT2 ? new Gpt2Model(c, BaseWeights.FROZEN_BF16)
                : new LlamaModel(c, BaseWeights.FROZEN_BF16);
        SplittableRandom rng = new SplittableRandom(o.seed());
        for (Parameter p : model.parameters()) {
            if (p.bf16() != null) {
                short[] bits = p.bf16().bits();
                for (int i = 0; i < bits.length; i++) {
                    bits[i] = Bf16Weight.fromFloat((float) (0.02 * rng.nextGaussian()));
                }
            } else if (p.shape().length >= 2) {
                for (int i = 0; i < p.size(); i++) {
                    p.data()[i] = (float) (0.02 * rng.nextGaussian());
                }
            } else {
                boolean gain = p.name().endsWith("norm") || p.name().endsWith("w");
                Arrays.fill(p.data(), gain ? 1f : 0f);
            }
        }
        List<String> targets = c.family() == ModelConfig.Family.GPT2 ? LoraConfig.GPT2_TARGETS
                : LoraConfig.LLAMA_TARGETS;
        Lora.attach(model, new LoraConfig(o.loraRank(), 2.0 * o.loraRank(), 0, targets, o.seed()));
        return model;
    }

    static Batch randomBatch(TrainingBenchOptions o) {
        SplittableRandom rng = new SplittableRandom(o.seed() + 1);
        int n = o.B() * o.T();
        int[] tokens = new int[n];
        int[] targets = new int[n];
        int V = o.config().V();
        for (int b = 0; b < o.B(); b++) {
            int prev = rng.nextInt(V);
            for (int t = 0; t < o.T(); t++) {
                int next = rng.nextInt(V);
                tokens[b * o.T() + t] = prev;
                targets[b * o.T() + t] = next;
                prev = next;
            }
        }
        return Batch.of(o.B(), o.T(), tokens, targets);
    }
}
