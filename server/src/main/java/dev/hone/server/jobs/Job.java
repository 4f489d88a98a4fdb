package dev.hone.server.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A fine-tuning job (domain type; the wire form is {@link JobObject}).
 *
 * @param method       normalised method: {@code {type, <type>: {hyperparameters: {...}}, ...}} with
 *                     {@code "auto"} for every hyperparameter not given
 * @param integrations the {@code integrations} array as given ({@code []} when none)
 * @param metadata     the metadata object, or null
 * @param error        set only when {@code status} is failed
 */
public record Job(String id, String org, long createdAt, String model, JobStatus status, String trainingFile,
                  String validationFile, long seed, String suffix, ObjectNode method, ArrayNode integrations,
                  ObjectNode metadata, JobError error, String fineTunedModel, Long finishedAt, Long trainedTokens,
                  List<String> resultFiles, Long estimatedFinish) {
    /** The method type: {@code supervised}, {@code dpo} or {@code reinforcement}. */
    public String methodType() {
        return method.get("type").textValue();
    }

    /** This job with another status and error (used by the state machine only). */
    Job with(JobStatus newStatus, JobError newError, Long newFinishedAt) {
        return new Job(id, org, createdAt, model, newStatus, trainingFile, validationFile, seed, suffix, method,
                integrations, metadata, newError, fineTunedModel, newFinishedAt, trainedTokens, resultFiles,
                estimatedFinish);
    }
}
