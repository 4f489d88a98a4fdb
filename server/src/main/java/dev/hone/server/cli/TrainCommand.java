package dev.hone.server.cli;

import dev.hone.engine.HoneException;
import dev.hone.engine.data.BatchLayout;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.model.ConfigReader;
import dev.hone.engine.optim.LrSchedule;
import dev.hone.engine.template.ChatEncoder;
import dev.hone.engine.train.Hyperparameters;
import dev.hone.engine.train.Trainer;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.engine.train.TrainingResult;
import dev.hone.engine.train.TrainingSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code hone train}: fine-tunes a model directory on a JSONL file outside the server. Shows a progress bar on
 * a terminal or, with {@code --log-json}, one JSON line per step. Ctrl-C (or SIGTERM) pauses: the last
 * complete step is checkpointed and {@code --resume} continues it exactly. Writes checkpoints under {@code OUT/checkpoints/}
 * and the result in {@code OUT/final} (a Hugging Face model directory, or a PEFT adapter for LoRA).
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Fine-tune a model on a JSONL file.")
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, description = "base model directory (Hugging Face format)")
    private Path model;

    @Option(names = "--data", required = true, description = "training examples, JSONL (chat or prompt/completion)")
    private Path data;

    @Option(names = "--validation", description = "validation examples, JSONL; scored at each epoch end")
    private Path validation;

    @Option(names = "--method", defaultValue = "lora", description = "lora or full (default ${DEFAULT-VALUE})")
    private String method;

    @Option(names = "--epochs", defaultValue = "3", description = "default ${DEFAULT-VALUE}")
    private int epochs;

    @Option(names = "--batch-size", defaultValue = "8", description = "examples per step (default ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--learning-rate", description = "peak learning rate (default: lora 2e-4, full 2e-5)")
    private Double learningRate;

    @Option(names = "--warmup-steps", defaultValue = "0", description = "default ${DEFAULT-VALUE}")
    private int warmup;

    @Option(names = "--seed", defaultValue = "42", description = "default ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--seq-len", description = "tokens per row; longer examples are truncated"
            + " (default: the model's context, at most 1024)")
    private Integer seqLen;

    @Option(names = "--rows", defaultValue = "1", description = "rows per micro-batch (default ${DEFAULT-VALUE})")
    private int rows;

    @Option(names = "--lora-rank", defaultValue = "8", description = "default ${DEFAULT-VALUE}")
    private int loraRank;

    @Option(names = "--lora-alpha", defaultValue = "16", description = "default ${DEFAULT-VALUE}")
    private double loraAlpha;

    @Option(names = "--lora-dropout", defaultValue = "0.05", description = "default ${DEFAULT-VALUE}")
    private double loraDropout;

    @Option(names = "--resume", description = "checkpoint directory of an earlier run with the same arguments")
    private Path resume;

    @Option(names = "--log-json", description = "one JSON line per step on stdout instead of a progress bar")
    private boolean logJson;

    @Option(names = "--out", required = true, description = "output directory")
    private Path out;

    @Override
    public Integer call() {
        TrainingSpec trainingSpec;
        try {
            trainingSpec = trainingSpec();
        } catch (IllegalArgumentException | HoneException e) {
            spec.commandLine().getErr().println("hone train: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("hone train: cannot read " + e.getMessage()
                    + "; check the --data and --validation paths");
            return 2;
        }
        ProgressListener listener = new ProgressListener(spec.commandLine().getOut(), logJson,
                System.console() != null && System.console().isTerminal());
        CountDownLatch finished = new CountDownLatch(1);
        Thread pauseOnInterrupt = new Thread(() -> {
            listener.requestPause();
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(pauseOnInterrupt);
        try {
            TrainingResult result = Trainer.run(trainingSpec, listener);
            spec.commandLine().getErr().println(switch (result.status()) {
                case COMPLETED -> "done: " + result.steps() + " steps; weights in " + result.weights();
                case PAUSED -> "paused after step " + result.steps() + "; continue with --resume " + result.weights();
                case CANCELLED -> "cancelled after step " + result.steps();
            });
            return 0;
        } catch (HoneException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("hone train: " + e.getMessage());
            return 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(pauseOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting through the hook; nothing to remove
                spec.commandLine().getErr().flush();
            }
        }
    }

    private TrainingSpec trainingSpec() throws IOException {
        TrainingMethod m = switch (method) {
            case "lora" -> TrainingMethod.LORA;
            case "full" -> TrainingMethod.FULL;
            default -> throw new IllegalArgumentException("--method must be lora or full; found '" + method + "'");
        };
        int context = ConfigReader.read(model).maxT();
        ChatEncoder encoder = ChatEncoder.load(model);
        List<TokenizedExample> examples = JsonlExamples.read(data, encoder);
        List<TokenizedExample> held = validation == null ? List.of() : JsonlExamples.read(validation, encoder);
        double lr = learningRate != null ? learningRate : m == TrainingMethod.LORA ? 2e-4 : 2e-5;
        Hyperparameters hp = Hyperparameters.defaults().withEpochs(epochs).withBatchSize(batchSize)
                .withLearningRate(lr).withSchedule(warmup, LrSchedule.Decay.COSINE, 0.1).withSeed(seed)
                .withMicroBatch(rows, seqLen != null ? seqLen : Math.min(context, 1024), BatchLayout.PACK)
                .withMethod(m);
        if (m == TrainingMethod.LORA) {
            hp = hp.withLora(loraRank, loraAlpha, loraDropout, List.of());
        }
        return new TrainingSpec(model, examples, held, hp, out, resume, 0);
    }
}
