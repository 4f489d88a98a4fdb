package dev.hone.server.cli;

import dev.hone.engine.HoneException;
import dev.hone.engine.io.DType;
import dev.hone.engine.model.ConfigReader;
import dev.hone.engine.tokenizer.Tokenizer;
import dev.hone.engine.train.Checkpoint;
import dev.hone.engine.train.Pretraining;
import dev.hone.engine.train.StepMetrics;
import dev.hone.engine.train.TrainingListener;
import dev.hone.engine.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code hone pretrain}: next-token training of a whole model on plain text files (every token a target,
 * windows of {@code --seq-len} tokens packed one per row), for building a base model such as {@code hone-tiny}.
 * Each file is tokenized with the model's tokenizer and followed by {@code <|endoftext|>} when the tokenizer
 * has it. Writes a Hugging Face directory (bf16 by default) to {@code --out}; the trainer's own checkpoint
 * goes to {@code --work}. Deterministic for a given seed, text and thread count. Not resumable mid-run.
 * {@code --stop-after N} runs only the first N steps of the schedule and writes no model:
 * {@code models/hone-tiny/build.sh} uses it to check that a rebuild reproduces the committed model's first steps
 * ({@code HoneTinyReproductionTest}).
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train a model from its current weights on plain text (next-token prediction).")
public final class PretrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "model directory (config.json, safetensors,"
            + " tokenizer.json), e.g. from hone model init")
    private Path model;

    @Option(names = "--text", required = true, arity = "1..*", description = "UTF-8 text files")
    private List<Path> texts;

    @Option(names = "--steps", defaultValue = "1000", description = "optimizer steps (default ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--batch-size", defaultValue = "8", description = "windows per step (default ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--seq-len", description = "tokens per window (default: the model's context, at most 1024)")
    private Integer seqLen;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "peak learning rate; 5 % warmup,"
            + " cosine to 10 % (default ${DEFAULT-VALUE})")
    private double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "data order (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--dtype", defaultValue = "bf16", description = "bf16 or f32 weights in --out"
            + " (default ${DEFAULT-VALUE})")
    private String dtype;

    @Option(names = "--log-json", description = "one JSON line per step on stdout instead of a progress bar")
    private boolean logJson;

    @Option(names = "--stop-after", description = "stop after this many steps of the --steps schedule and write"
            + " no model (checks that a build reproduces its first steps)")
    private Integer stopAfter;

    @Option(names = "--work", description = "directory for the trainer's checkpoint (default: OUT.work)")
    private Path work;

    @Option(names = "--out", required = true, description = "output model directory")
    private Path out;

    @Override
    public Integer call() {
        try {
            DType storeAs = switch (dtype) {
                case "bf16" -> DType.BF16;
                case "f32" -> DType.F32;
                default -> throw new IllegalArgumentException("--dtype must be bf16 or f32; found '" + dtype + "'");
            };
            if (stopAfter != null && (stopAfter < 1 || stopAfter > steps)) {
                throw new IllegalArgumentException("--stop-after must be between 1 and --steps (" + steps
                        + "); found " + stopAfter);
            }
            int context = ConfigReader.read(model).maxT();
            Pretraining.Settings settings = new Pretraining.Settings(steps, batchSize,
                    seqLen != null ? seqLen : Math.min(context, 1024), learningRate, seed);
            int[] stream = tokenize(Tokenizer.load(model));
            spec.commandLine().getErr().printf("pretraining on %d tokens (%d windows of %d) for %d steps of %d"
                    + " windows%n", stream.length, stream.length / settings.seqLen(), settings.seqLen(), steps,
                    batchSize);
            ProgressListener listener = new ProgressListener(spec.commandLine().getOut(), logJson,
                    System.console() != null && System.console().isTerminal());
            Path workDir = work != null ? work : out.resolveSibling(out.getFileName() + ".work");
            TrainingResult result = Pretraining.run(model, stream, settings, workDir, out, storeAs,
                    stopAfter == null ? listener : new StopAfter(listener, stopAfter));
            if (result.status() == TrainingResult.Status.COMPLETED) {
                spec.commandLine().getErr().println("done: " + result.steps() + " steps; model in " + out);
            } else {
                spec.commandLine().getErr().println("stopped after " + result.steps() + " of " + steps
                        + " steps (--stop-after); no model written");
            }
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("hone pretrain: cannot read " + e.getMessage()
                    + "; check the --text paths");
            return 2;
        } catch (HoneException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("hone pretrain: " + e.getMessage());
            return 1;
        }
    }

    /** Passes every step on and cancels the run once {@code last} steps are done. */
    private static final class StopAfter implements TrainingListener {
        private final TrainingListener inner;
        private final int last;
        private long done;

        StopAfter(TrainingListener inner, int last) {
            this.inner = inner;
            this.last = last;
        }

        @Override
        public void onStep(StepMetrics metrics) {
            done = metrics.step();
            inner.onStep(metrics);
        }

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {
            inner.onCheckpoint(checkpoint);
        }

        @Override
        public Control control() {
            return done >= last ? Control.CANCEL : inner.control();
        }
    }

    private int[] tokenize(Tokenizer tokenizer) throws IOException {
        OptionalInt end = tokenizer.tokenId("<|endoftext|>");
        int[][] parts = new int[texts.size()][];
        int total = 0;
        for (int i = 0; i < parts.length; i++) {
            int[] ids = tokenizer.encode(Files.readString(texts.get(i), StandardCharsets.UTF_8));
            parts[i] = end.isPresent() ? Arrays.copyOf(ids, ids.length + 1) : ids;
            if (end.isPresent()) {
                parts[i][ids.length] = end.getAsInt();
            }
            total += parts[i].length;
        }
        int[] stream = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, stream, at, p.length);
            at += p.length;
        }
        return stream;
    }
}
