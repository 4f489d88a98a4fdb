package dev.hone.server.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.HoneException;
import dev.hone.engine.data.BatchLayout;
import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.model.ConfigReader;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.optim.LrSchedule;
import dev.hone.engine.template.ChatEncoder;
import dev.hone.engine.train.Hyperparameters;
import dev.hone.engine.train.Trainer;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.engine.train.TrainingResult;
import dev.hone.engine.train.TrainingSpec;
import dev.hone.server.cli.JsonlExamples;
import dev.hone.server.files.FileCatalog;
import dev.hone.server.integrations.wandb.WandbConfig;
import dev.hone.server.integrations.wandb.WandbJobAttempt;
import dev.hone.server.jobs.Job;
import dev.hone.server.jobs.JobError;
import dev.hone.server.jobs.JobStateMachine;
import dev.hone.server.jobs.JobStateMachine.Event;
import dev.hone.server.jobs.JobStatus;
import dev.hone.server.models.ModelRegistry;
import dev.hone.server.models.ResolvedModel;
import dev.hone.server.store.BlobStore;
import dev.hone.server.store.Database;
import dev.hone.server.store.JobDao;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One claimed job, trained to its end (STYLE 26): read and tokenize its files with the base model's
 * {@code ChatEncoder}, resolve {@code "auto"} hyperparameters and move it to {@code running} (a recovered job
 * is already running and keeps its numbers), train on the engine from the newest checkpoint if there is one,
 * and on completion publish the results file, register the {@code ft:} model and move the job to
 * {@code succeeded} in one transaction. Any failure moves it to {@code failed}. Not a scheduler: the lease
 * belongs to {@link JobRunner}.
 */
public final class TrainingRun {
    private final Services s;
    private final String jobId;
    private final BooleanSupplier stop;
    private WandbJobAttempt wandb = WandbJobAttempt.none();

    /** What a run needs from the server; {@code jobsDir} holds one directory of checkpoints and weights per job. */
    public record Services(Database db, BlobStore blobs, FileCatalog files, ModelRegistry models, JobStateMachine machine,
                    RunnerConfig config, Path jobsDir, WandbConfig wandb) {
    }

    TrainingRun(Services s, String jobId, BooleanSupplier stop) {
        this.s = s;
        this.jobId = jobId;
        this.stop = stop;
    }

    /** Trains the job; failures end as a failed job, never as an exception. */
    void run() {
        try {
            Job job = s.db().read("read job " + jobId, c -> JobDao.findAnyOrg(c, jobId)).orElse(null);
            if (job == null || job.status() != JobStatus.QUEUED && job.status() != JobStatus.RUNNING) {
                return;
            }
            train(job);
        } catch (TrainingFailure e) {
            fail(e.code(), e.getMessage());
        } catch (HoneException | IllegalArgumentException | IllegalStateException e) {
            fail("training_failed", "Training failed: " + e.getMessage());
        } catch (RuntimeException e) {
            System.getLogger("hone.runner").log(System.Logger.Level.ERROR, "Job " + jobId + " failed", e);
            fail("training_failed", "Training failed with an internal error (" + e + "). Retry the job; if it fails"
                    + " again, report it with the server log.");
        } finally {
            wandb.end();
        }
    }

    private void train(Job job) {
        if (!job.methodType().equals("supervised")) {
            throw new TrainingFailure("unsupported_method", "unsupported method: '" + job.methodType() + "'. Hone"
                    + " trains supervised jobs only for now; create the job with method.type 'supervised'.");
        }
        Path jobDir = s.jobsDir().resolve(jobId);
        BaseModels.Start start = BaseModels.resolve(s.models(), job.model(), job.org(), jobDir);
        ChatEncoder encoder = ChatEncoder.load(start.dir());
        List<TokenizedExample> examples = read(job.trainingFile(), job.org(), encoder);
        List<TokenizedExample> held = job.validationFile() == null ? List.of()
                : read(job.validationFile(), job.org(), encoder);
        ModelConfig config = ConfigReader.read(start.dir());
        TrainingMethod method = methodOf(jobDir, config);
        ObjectNode jobMethod = job.method().deepCopy();
        ObjectNode hpNode = (ObjectNode) jobMethod.path("supervised").path("hyperparameters");
        AutoHyperparameters.Resolved r = AutoHyperparameters.resolve(hpNode, examples.size(), method,
                parameters(config));
        if (job.status() == JobStatus.QUEUED) {
            s.db().transaction("start job " + jobId, c -> {
                JobDao.updateMethod(c, jobId, jobMethod);
                return s.machine().transition(c, jobId, JobStatus.RUNNING, null,
                        List.of(Event.info("Fine-tuning job started")));
            });
        }
        int seqLen = Math.min(config.maxT(), 1024);
        Hyperparameters hp = Hyperparameters.defaults().withEpochs(r.epochs()).withBatchSize(r.batchSize())
                .withLearningRate(AutoHyperparameters.baseLearningRate(method) * r.learningRateMultiplier())
                .withSchedule(0, LrSchedule.Decay.COSINE, 0.1).withSeed(job.seed())
                .withMicroBatch(1, seqLen, BatchLayout.PACK).withMethod(method);
        if (method == TrainingMethod.LORA) {
            hp = hp.withLora(8, 16, 0.0, List.of());
        }
        ModelNames names = ModelNames.of(job.model(), job.org(), job.suffix(), jobId);
        String kind = method == TrainingMethod.LORA ? ResolvedModel.Kind.ADAPTER.wire() : ResolvedModel.Kind.FULL.wire();
        JobCheckpoints checkpoints = new JobCheckpoints(s.db(), jobId, names, start.baseName(), kind,
                jobDir.resolve("checkpoints"));
        TrainingSpec spec = new TrainingSpec(start.dir(), examples, held, hp, jobDir,
                checkpoints.newest().orElse(null), 0);
        wandb = WandbJobAttempt.start(s.wandb(), s.db(), job, hpNode, jobDir);
        Trainer trainer = new Trainer(spec);
        trainer.setup();
        JobProgress progress = new JobProgress(s.db(), jobId, checkpoints,
                held.isEmpty() ? 0 : (examples.size() + r.batchSize() - 1) / r.batchSize(), trainer::validate, stop,
                wandb::log);
        TrainingResult result = trainer.train(progress);
        progress.finish();
        if (result.status() == TrainingResult.Status.COMPLETED) {
            long tokens = trainedTokens(examples, seqLen) * r.epochs();
            new JobCompletion(s, job, names, start.baseName(), kind, result.weights(), checkpoints).succeed(tokens);
        }
    }

    /** The base model's parameter count, from its shape (embedding, blocks, untied head; norms ignored). */
    static long parameters(ModelConfig c) {
        long attention = (long) c.C() * c.NH() * c.hs() * 2 + (long) c.C() * c.KVH() * c.hs() * 2;
        long mlp = 3L * c.C() * c.FF();
        long head = c.tieEmbeddings() ? 0 : (long) c.V() * c.C();
        return (long) c.V() * c.C() + head + c.L() * (attention + mlp);
    }

    /**
     * The method the job trains with: {@code HONE_TRAINING_METHOD} ({@code auto}: by the base model's size) when it first starts, recorded in its
     * directory so a resumed or recovered job keeps it even if the server's setting changed meanwhile.
     */
    private TrainingMethod methodOf(Path jobDir, ModelConfig config) {
        Path file = jobDir.resolve("method");
        try {
            if (Files.isRegularFile(file)) {
                return TrainingMethod.valueOf(Files.readString(file).trim());
            }
            Files.createDirectories(jobDir);
            TrainingMethod method = s.config().methodFor(parameters(config));
            Files.writeString(file, method.name());
            return method;
        } catch (IOException | IllegalArgumentException e) {
            throw new TrainingFailure("training_failed", "Cannot read or record the training method in " + file
                    + ": " + e.getMessage() + ". Check the permissions of HONE_HOME; the file holds LORA or FULL.", e);
        }
    }

    /** Billable tokens of one pass: every example's tokens, each capped at the row length. */
    static long trainedTokens(List<TokenizedExample> examples, int seqLen) {
        long n = 0;
        for (TokenizedExample e : examples) {
            n += Math.min(e.length(), seqLen);
        }
        return n;
    }

    private List<TokenizedExample> read(String fileId, String org, ChatEncoder encoder) {
        try (InputStream in = s.blobs().open(fileId)) {
            return JsonlExamples.read(in, fileId, encoder);
        } catch (IOException e) {
            throw new TrainingFailure("training_failed", "Cannot read file " + fileId + ": " + e.getMessage()
                    + ". Upload the file again and create a new job.", e);
        } catch (IllegalArgumentException e) {
            throw new TrainingFailure("invalid_training_file", "The job failed due to an invalid training file. "
                    + e.getMessage(), e);
        }
    }

    private void fail(String code, String message) {
        try {
            s.machine().transition(jobId, JobStatus.FAILED, new JobError(code, message, null),
                    new Event("error", message, null));
        } catch (RuntimeException e) {
            // the job already left running (cancelled meanwhile); nothing to record
            System.getLogger("hone.runner").log(System.Logger.Level.INFO, "Job " + jobId + " not marked failed: "
                    + e.getMessage());
        }
    }
}
