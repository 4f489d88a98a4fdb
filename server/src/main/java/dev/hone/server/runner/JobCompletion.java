package dev.hone.server.runner;

import dev.hone.server.jobs.Job;
import dev.hone.server.jobs.JobStateMachine.Event;
import dev.hone.server.jobs.JobStatus;
import dev.hone.server.store.BlobStore.TempBlob;
import dev.hone.server.store.CheckpointDao;
import dev.hone.server.store.EventDao;
import dev.hone.server.store.JobDao;
import dev.hone.server.store.ModelDao;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a successful run (DESIGN "Life of a job", step 6): the results CSV becomes a
 * {@code fine-tune-results} file, the {@code ft:} model is registered with its weights, and the job gets
 * {@code fine_tuned_model}, {@code trained_tokens}, {@code result_files}, status {@code succeeded} and the
 * closing events in the reference's order (checkpoints, new model, completed), all in one transaction.
 */
final class JobCompletion {
    private final TrainingRun.Services s;
    private final Job job;
    private final ModelNames names;
    private final String baseModel;
    private final String weightsKind;
    private final Path weights;
    private final JobCheckpoints checkpoints;

    JobCompletion(TrainingRun.Services s, Job job, ModelNames names, String baseModel, String weightsKind,
                  Path weights, JobCheckpoints checkpoints) {
        this.s = s;
        this.job = job;
        this.names = names;
        this.baseModel = baseModel;
        this.weightsKind = weightsKind;
        this.weights = weights;
        this.checkpoints = checkpoints;
    }

    void succeed(long trainedTokens) {
        String csv = ResultsCsv.render(s.db().read("read metrics of " + job.id(),
                c -> EventDao.metrics(c, job.id())));
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String model = names.finalModel();
        List<Event> closing = new ArrayList<>();
        for (CheckpointDao.Checkpoint k : checkpoints.rows()) {
            closing.add(Event.infoWithEmptyData("Checkpoint created at step " + k.stepNumber()
                    + " with Snapshot ID: " + k.fineTunedModelCheckpoint()));
        }
        closing.add(Event.infoWithEmptyData("New fine-tuned model created: " + model));
        closing.add(Event.infoWithEmptyData("The job has successfully completed"));
        TempBlob blob = s.files().temp();
        try (blob) {
            try (OutputStream out = blob.output()) {
                out.write(bytes);
            }
            s.files().publish(blob, job.org(), ResultsCsv.FILENAME, "fine-tune-results", bytes.length, null,
                    (c, f) -> {
                        ModelDao.insert(c, new ModelDao.FineTunedModel(model, job.org(), System.currentTimeMillis()
                                / 1000, job.id(), baseModel, weights.toAbsolutePath().toString(), weightsKind));
                        JobDao.updateResults(c, job.id(), model, trainedTokens, List.of(f.id()));
                        s.machine().transition(c, job.id(), JobStatus.SUCCEEDED, null, closing);
                    });
        } catch (IOException e) {
            throw new TrainingFailure("training_failed", "Could not write the results file of " + job.id() + ": "
                    + e.getMessage() + ". Check free disk space under HONE_HOME.", e);
        }
    }
}
