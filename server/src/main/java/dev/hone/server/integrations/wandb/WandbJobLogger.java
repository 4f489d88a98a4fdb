package dev.hone.server.integrations.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.jobs.Job;
import dev.hone.server.jobs.JobStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the job runner holds for one running job: a {@link WandbRun} per {@code wandb} integration of the job
 * (none when it has none), fed with the job's metrics events and ended with the job's status. Each run's
 * cursor is kept in {@code {jobDir}/wandb/{index}.json}, so a paused or crashed job resumes its runs without
 * sending a step twice. Every call returns at once; failures reach {@code warn} once per run, as the text of
 * a {@code warn} job event, never with the key.
 *
 * <p>The runner's part, in full: {@link #start} when the job starts running (after hyperparameters are
 * resolved), {@link #log} with each metrics event's {@code data} (also for steps a resumed attempt replays:
 * the runs skip what W&amp;B already has), {@link #end} with the job's status once the attempt is over.
 */
public final class WandbJobLogger {
    /** Exit code of a failed job's run. */
    public static final int EXIT_FAILED = 1;
    /** Exit code of a cancelled job's run. */
    public static final int EXIT_CANCELLED = 2;
    private static final WandbJobLogger NONE = new WandbJobLogger(List.of());

    private final List<WandbRun> runs;

    private WandbJobLogger(List<WandbRun> runs) {
        this.runs = runs;
    }

    /** A logger for a job without W&amp;B runs: every call does nothing. */
    public static WandbJobLogger none() {
        return NONE;
    }

    /**
     * Starts one run per {@code wandb} integration of {@code job}.
     *
     * @param hyperparameters the job's resolved hyperparameters (no {@code "auto"} left), for the run config
     * @param jobDir          the job's own directory (cursors go under {@code wandb/})
     * @param warn            receives "Logging to W&amp;B failed: ..." once per failed run (on a W&amp;B thread)
     */
    public static WandbJobLogger start(WandbConfig config, Job job, ObjectNode hyperparameters, Path jobDir,
                                       Consumer<String> warn) {
        return start(config, job, hyperparameters, jobDir, warn, config.run());
    }

    /** {@link #start(WandbConfig, Job, ObjectNode, Path, Consumer)} with explicit run settings (tests). */
    public static WandbJobLogger start(WandbConfig config, Job job, ObjectNode hyperparameters, Path jobDir,
                                       Consumer<String> warn, WandbRun.Settings settings) {
        if (job.integrations() == null || job.integrations().isEmpty()) {
            return NONE;
        }
        String key = config.keyFor(job.org()).orElse(null);
        if (key == null) {
            warn.accept("Logging to W&B failed: no W&B key is configured for organization " + job.org() + ". "
                    + WandbConfig.howToConfigure(job.org()));
            return NONE;
        }
        WandbClient client = new WandbClient(config.baseUrl(), key, Duration.ofSeconds(30));
        ObjectNode runConfig = runConfig(job, hyperparameters);
        List<WandbRun> runs = new ArrayList<>();
        for (int i = 0; i < job.integrations().size(); i++) {
            JsonNode w = job.integrations().get(i).path("wandb");
            if (!w.isObject()) {
                continue;
            }
            WandbRunSpec spec = WandbRunSpec.forJob(w, job.id(), job.model(), runConfig);
            Path cursorFile = jobDir.resolve("wandb").resolve(i + ".json");
            runs.add(WandbRun.start(client, spec, WandbCursorFile.read(cursorFile), settings, new WandbRun.Listener() {
                @Override
                public void sent(WandbCursor cursor) {
                    String problem = WandbCursorFile.write(cursorFile, cursor);
                    if (problem != null) {
                        System.getLogger("hone.wandb").log(System.Logger.Level.WARNING, problem);
                    }
                }

                @Override
                public void failed(String reason) {
                    warn.accept(("Logging to W&B failed for run " + spec.project() + "/" + spec.runId() + ": "
                            + reason + " Training goes on without it.").replace(key, "***"));
                }
            }));
        }
        return new WandbJobLogger(List.copyOf(runs));
    }

    /**
     * Queues one metrics event as a history row: {@code step} becomes {@code _step}, every other number
     * but {@code total_steps} a value of the row.
     *
     * @param data a metrics event's {@code data} ({@code step, train_loss, train_mean_token_accuracy, ...})
     */
    public void log(ObjectNode data) {
        if (runs.isEmpty() || !data.path("step").canConvertToLong()) {
            return;
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber() && !e.getKey().equals("step") && !e.getKey().equals("total_steps")) {
                row.set(e.getKey(), e.getValue());
            }
        }
        long step = data.get("step").asLong();
        for (WandbRun r : runs) {
            r.log(step, row);
        }
    }

    /**
     * Ends the attempt: a succeeded job finishes its runs with exit code 0, a failed one with
     * {@link #EXIT_FAILED}, a cancelled one with {@link #EXIT_CANCELLED}; any other status (paused, or still
     * running because the worker stopped) leaves them open for the resumed attempt.
     */
    public void end(JobStatus status) {
        for (WandbRun r : runs) {
            switch (status) {
                case SUCCEEDED -> r.finish(0);
                case FAILED -> r.finish(EXIT_FAILED);
                case CANCELLED -> r.finish(EXIT_CANCELLED);
                default -> r.detach();
            }
        }
    }

    /** Waits up to {@code limit} for every run to send what it holds; true when all did. */
    public boolean await(Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        for (WandbRun r : runs) {
            if (!r.await(Duration.ofNanos(Math.max(1, until - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** The W&B run config: model, files, seed, method, suffix and the resolved hyperparameters. */
    static ObjectNode runConfig(Job job, ObjectNode hyperparameters) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("model", job.model());
        c.put("training_file", job.trainingFile());
        c.put("validation_file", job.validationFile());
        c.put("seed", job.seed());
        c.put("method", job.methodType());
        c.put("suffix", job.suffix());
        c.put("job_id", job.id());
        if (hyperparameters != null) {
            c.setAll(hyperparameters);
        }
        return c;
    }
}
