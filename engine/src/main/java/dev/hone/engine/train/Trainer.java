package dev.hone.engine.train;

import dev.hone.engine.data.BatchingConfig;
import dev.hone.engine.data.DataCursor;
import dev.hone.engine.data.DataLoader;
import dev.hone.engine.data.MicroBatch;
import dev.hone.engine.data.StepPlan;
import dev.hone.engine.io.DType;
import dev.hone.engine.kernel.Parallel;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraAdapter;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelLoader;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.StepResult;
import dev.hone.engine.optim.AdamW;
import dev.hone.engine.optim.AdamWConfig;
import dev.hone.engine.optim.GradientClipping;
import dev.hone.engine.optim.LrSchedule;
import dev.hone.engine.optim.OptimizerStateFiles;
import dev.hone.engine.optim.TrainableTensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervised fine-tuning recipe (STYLE 26): the constructor validates the spec, {@link #setup()} loads
 * the model (attaching LoRA adapters for {@link TrainingMethod#LORA}), the optimizer and the data loader and
 * restores a checkpoint when resuming, {@link #train} runs the steps, {@link #saveCheckpoint} writes weights
 * plus resume state. One optimizer step = the accumulated gradient of its micro-batches, each scaled by its
 * share of the step's target tokens, so the step's loss is the mean over all of them; then global-norm
 * clipping, then AdamW with the scheduled learning rate. Deterministic for a given seed, data,
 * hyperparameters and kernel thread count, also across a save and resume. Not thread-safe; one run per
 * instance. Reference: torchtune {@code LoRAFinetuneRecipeSingleDevice}, llm.c {@code train_gpt2.c} main loop.
 */
public final class Trainer {
    private final TrainingSpec spec;
    private final Hyperparameters hp;
    private final BatchingConfig batching;
    private CausalLm model;
    private Lora lora;
    private AdamW optimizer;
    private List<float[]> grads;
    private DataLoader loader;
    private LrSchedule schedule;
    private long step;
    private long totalSteps;

    /** Validates the spec; nothing is loaded until {@link #setup()}. */
    public Trainer(TrainingSpec spec) {
        this.spec = spec;
        this.hp = spec.hyperparameters();
        this.batching = new BatchingConfig(hp.rows(), hp.seqLen(), hp.batchSize(), hp.layout(), 0, hp.shuffle(),
                hp.seed());
    }

    /** Loads, trains and writes {@code outputDir/final}: the one call most users need. */
    public static TrainingResult run(TrainingSpec spec, TrainingListener listener) {
        Trainer trainer = new Trainer(spec);
        trainer.setup();
        return trainer.train(listener);
    }

    /**
     * Loads the model, attaches adapters, builds the optimizer and data loader; when the spec resumes, restores
     * weights, optimizer moments, step, data cursor and dropout counters from the checkpoint.
     *
     * @throws UnableToResumeException when the checkpoint belongs to another run
     */
    public void setup() {
        Path resume = spec.resumeFrom();
        TrainerState state = resume == null ? null : TrainerState.read(resume);
        if (state != null) {
            checkSameRun(state, resume);
        }
        boolean full = hp.method() == TrainingMethod.FULL;
        DataFit.check(spec);
        model = ModelLoader.load(full && resume != null ? resume : spec.modelDir(),
                full ? BaseWeights.TRAINABLE : BaseWeights.FROZEN);
        if (!full) {
            lora = Lora.attach(model, loraConfig(model.config()));
            if (resume != null) {
                PeftAdapterFiles.read(lora, resume);
            }
        }
        List<TrainableTensor> tensors = new ArrayList<>();
        grads = new ArrayList<>();
        for (Parameter p : model.parameters().trainable()) {
            tensors.add(new TrainableTensor(p.name(), p.data(), p.grad(), p.shape().length >= 2));
            grads.add(p.grad());
        }
        optimizer = new AdamW(new AdamWConfig(hp.beta1(), hp.beta2(), hp.eps(), hp.weightDecay()), tensors);
        loader = new DataLoader(spec.examples(), batching);
        totalSteps = (long) hp.epochs() * loader.stepsPerEpoch();
        schedule = new LrSchedule(hp.learningRate(), hp.warmupSteps(), (int) Math.min(Integer.MAX_VALUE, totalSteps),
                hp.decay(), hp.minLrFraction());
        if (state != null) {
            OptimizerStateFiles.restore(optimizer, resume);
            loader.seek(state.cursor());
            loraCounters(state.loraCounters());
            step = state.step();
        }
    }

    private LoraConfig loraConfig(ModelConfig config) {
        List<String> targets = !hp.loraTargets().isEmpty() ? hp.loraTargets()
                : config.family() == ModelConfig.Family.GPT2 ? LoraConfig.GPT2_TARGETS : LoraConfig.LLAMA_TARGETS;
        return new LoraConfig(hp.loraRank(), hp.loraAlpha(), hp.loraDropout(), targets, hp.seed());
    }

    private void checkSameRun(TrainerState state, Path dir) {
        if (!state.hyperparameters().toString().equals(TrainerState.toJson(hp).toString())) {
            throw new UnableToResumeException("the checkpoint " + dir + " was written with hyperparameters "
                    + state.hyperparameters() + " but this run has " + TrainerState.toJson(hp)
                    + "; resume with the same hyperparameters (seed included)");
        }
        if (state.dataFingerprint() != TrainerState.fingerprint(spec.examples())) {
            throw new UnableToResumeException("the checkpoint " + dir + " was trained on other data (fingerprint "
                    + Long.toHexString(state.dataFingerprint()) + ", this data "
                    + Long.toHexString(TrainerState.fingerprint(spec.examples())) + "); resume with the same training"
                    + " file and tokenizer");
        }
    }

    /**
     * Trains until the planned steps are done, a pause is requested (a checkpoint of the last complete step is
     * written) or a cancel is requested. At each epoch end: validation (when the spec has validation examples),
     * {@link TrainingListener#onEpochEnd}, a checkpoint. When complete, writes {@code outputDir/final}.
     *
     * @throws TrainingDivergedException when a step's loss or gradient norm is not finite
     */
    public TrainingResult train(TrainingListener listener) {
        requireSetup();
        while (step < totalSteps) {
            DataCursor stepStart = loader.cursor();
            long[] countersAtStart = loraCounters();
            StepPlan plan = loader.next();
            model.zeroGrad();
            double lossSum = 0;
            long correct = 0;
            long inputTokens = 0;
            for (MicroBatch mb : plan.microBatches()) {
                TrainingListener.Control control = listener.control();
                if (control == TrainingListener.Control.CANCEL) {
                    return new TrainingResult(TrainingResult.Status.CANCELLED, step, totalSteps, null);
                }
                if (control == TrainingListener.Control.PAUSE) {
                    loader.seek(stepStart);
                    loraCounters(countersAtStart);
                    Checkpoint ckpt = saveCheckpoint(true);
                    listener.onCheckpoint(ckpt);
                    return new TrainingResult(TrainingResult.Status.PAUSED, step, totalSteps, ckpt.dir());
                }
                inputTokens += inputTokens(mb);
                if (mb.targetTokens() == 0) {
                    continue;
                }
                StepResult r = model.forward(batch(mb));
                model.backward((float) ((double) mb.targetTokens() / plan.targetTokens()));
                lossSum += (double) r.loss() * r.weightedTokens();
                correct += r.correctTokens();
            }
            long targets = plan.targetTokens();
            double loss = targets == 0 ? 0 : lossSum / targets;
            float norm = hp.maxGradNorm() > 0 ? GradientClipping.clipGlobalNorm(grads, (float) hp.maxGradNorm())
                    : GradientClipping.globalNorm(grads);
            if (!Double.isFinite(loss) || !Float.isFinite(norm)) {
                throw new TrainingDivergedException(step + 1, "loss " + loss + ", gradient norm " + norm);
            }
            double lr = schedule.lr(step);
            optimizer.step(lr);
            step++;
            listener.onStep(new StepMetrics(step, totalSteps, plan.epoch(), loss,
                    targets == 0 ? 0 : (double) correct / targets, targets, inputTokens, lr, norm));
            if (plan.stepInEpoch() == loader.stepsPerEpoch() - 1) {
                if (!spec.validationExamples().isEmpty()) {
                    listener.onValidation(validate());
                }
                listener.onEpochEnd(plan.epoch(), step);
                listener.onCheckpoint(saveCheckpoint(false));
            }
        }
        Path out = spec.outputDir().resolve("final");
        writeAtomically(out, this::writeWeights);
        return new TrainingResult(TrainingResult.Status.COMPLETED, step, totalSteps, out);
    }

    /**
     * Loss and accuracy over the validation examples with the current weights (LoRA dropout off). Leaves the
     * training state, dropout counters included, as it found it.
     */
    public ValidationMetrics validate() {
        requireSetup();
        long[] counters = loraCounters();
        if (lora != null) {
            lora.training(false);
        }
        double lossSum = 0;
        long correct = 0;
        long targets = 0;
        try {
            for (MicroBatch mb : DataLoader.evaluationBatches(spec.validationExamples(), batching)) {
                if (mb.targetTokens() == 0) {
                    continue;
                }
                StepResult r = model.forward(batch(mb));
                lossSum += (double) r.loss() * r.weightedTokens();
                correct += r.correctTokens();
                targets += r.weightedTokens();
            }
        } finally {
            if (lora != null) {
                lora.training(true);
            }
            loraCounters(counters);
        }
        return new ValidationMetrics(step, targets == 0 ? 0 : lossSum / targets,
                targets == 0 ? 0 : (double) correct / targets, targets);
    }

    /**
     * Writes {@code outputDir/checkpoints/step-N}: the weights (HF model directory or PEFT adapter), the
     * optimizer state and {@code trainer_state.json}; through a temporary directory renamed into place.
     *
     * @param pause whether it is written for a pause (recorded in the result, not in the files)
     */
    public Checkpoint saveCheckpoint(boolean pause) {
        requireSetup();
        Path dir = spec.outputDir().resolve("checkpoints").resolve("step-" + step);
        TrainerState state = new TrainerState(step, totalSteps, loader.cursor(), loraCounters(),
                TrainerState.toJson(hp), TrainerState.fingerprint(spec.examples()), Parallel.threads());
        writeAtomically(dir, d -> {
            writeWeights(d);
            OptimizerStateFiles.save(optimizer, d);
            state.write(d);
        });
        return new Checkpoint(step, loader.epoch(), dir, pause);
    }

    private void writeWeights(Path dir) throws IOException {
        if (lora == null) {
            HfModelFiles.copySideFiles(spec.modelDir(), dir, HfModelFiles.SIDE_FILES);
            HfModelFiles.writeWeights(model, dir, DType.F32);
        } else {
            HfModelFiles.copySideFiles(spec.modelDir(), dir, HfModelFiles.TOKENIZER_FILES);
            PeftAdapter.save(lora, model, dir, spec.modelDir().toString());
        }
    }

    private static void writeAtomically(Path dir, AtomicDirectory.Filler filler) {
        try {
            AtomicDirectory.write(dir, filler);
        } catch (IOException | RuntimeException e) {
            throw new UnableToSaveCheckpointException("unable to write " + dir + ": " + e.getMessage()
                    + ". Check free disk space and permissions of the output directory", e);
        }
    }

    private static Batch batch(MicroBatch mb) {
        return new Batch(mb.rows(), mb.seqLen(), mb.tokens(), mb.targets(), mb.positions(), mb.segments(),
                mb.lossWeights());
    }

    private static long inputTokens(MicroBatch mb) {
        long n = 0;
        for (int s : mb.segments()) {
            n += s >= 0 ? 1 : 0;
        }
        return n;
    }

    private long[] loraCounters() {
        if (lora == null) {
            return new long[0];
        }
        return lora.adapters().values().stream().mapToLong(LoraAdapter::counter).toArray();
    }

    private void loraCounters(long[] counters) {
        if (lora == null) {
            return;
        }
        List<LoraAdapter> adapters = List.copyOf(lora.adapters().values());
        if (counters.length != adapters.size()) {
            throw new UnableToResumeException("the checkpoint holds " + counters.length + " LoRA dropout counters but"
                    + " the model has " + adapters.size() + " adapters; resume with the same LoRA target modules");
        }
        for (int i = 0; i < counters.length; i++) {
            adapters.get(i).counter(counters[i]);
        }
    }

    private void requireSetup() {
        if (model == null) {
            throw new IllegalStateException("call setup() before training, validating or saving");
        }
    }

    /** The model being trained (weights live; adapters attached for LoRA). */
    public CausalLm model() {
        requireSetup();
        return model;
    }

    /** Optimizer steps taken so far. */
    public long step() {
        return step;
    }

    /** Planned optimizer steps: epochs × steps per epoch. */
    public long totalSteps() {
        return totalSteps;
    }
}
