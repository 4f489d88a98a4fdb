package dev.hone.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.store.CheckpointDao.Checkpoint;

import java.util.List;

/**
 * The {@code fine_tuning.job} object (reference §2.3): every field written, nulls included;
 * {@code hyperparameters} is always an object (the method's batch size, learning-rate multiplier and
 * epochs) and {@code error} is null until the job fails.
 */
public record JobObject(String id, String object, long createdAt, String model, String organizationId, String status,
                        String trainingFile, String validationFile, JsonNode hyperparameters, JsonNode method,
                        String fineTunedModel, Long finishedAt, Long trainedTokens, List<String> resultFiles,
                        JobError error, long seed, Long estimatedFinish, JsonNode integrations, JsonNode metadata,
                        String userProvidedSuffix) {
    public static JobObject of(Job j) {
        String type = j.methodType();
        JsonNode hp = j.method().path(type).path("hyperparameters");
        ObjectNode shown = ((ObjectNode) hp).objectNode();
        for (String k : List.of("batch_size", "learning_rate_multiplier", "n_epochs")) {
            shown.set(k, hp.get(k));
        }
        return new JobObject(j.id(), "fine_tuning.job", j.createdAt(), j.model(), j.org(), j.status().wire(),
                j.trainingFile(), j.validationFile(), shown, j.method(), j.fineTunedModel(), j.finishedAt(),
                j.trainedTokens(), j.resultFiles(), j.error(), j.seed(), j.estimatedFinish(), j.integrations(),
                j.metadata(), j.suffix());
    }

    /** The {@code fine_tuning.job.event} object (reference §2.6). */
    public record EventObject(String id, String object, long createdAt, String level, String message, String type,
                              JsonNode data) {
        public static EventObject of(JobEvent e) {
            return new EventObject(e.id(), "fine_tuning.job.event", e.createdAt(), e.level(), e.message(), e.type(),
                    e.data());
        }
    }

    /** The {@code fine_tuning.job.checkpoint} object (reference §2.7). */
    public record CheckpointObject(String id, String object, long createdAt, String fineTunedModelCheckpoint,
                                   String fineTuningJobId, JsonNode metrics, long stepNumber) {
        public static CheckpointObject of(Checkpoint k) {
            return new CheckpointObject(k.id(), "fine_tuning.job.checkpoint", k.createdAt(),
                    k.fineTunedModelCheckpoint(), k.jobId(), k.metrics(), k.stepNumber());
        }
    }
}
