package dev.hone.server.integrations.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The W&amp;B run one job logs to: where it lives, what it is called and what it was configured with.
 *
 * @param entity      the W&amp;B entity (user or team), or null for the key owner's default entity
 * @param project     the W&amp;B project
 * @param runId       the run's id in the project; the job id, so a resumed job finds its run again
 * @param displayName the name shown in the W&amp;B UI ({@code wandb.name}, else the job id)
 * @param tags        the run's tags, Hone's own included
 * @param config      the run config: flat keys with plain JSON values (hyperparameters, seed, model, files)
 */
public record WandbRunSpec(String entity, String project, String runId, String displayName, List<String> tags,
                           ObjectNode config) {
    public WandbRunSpec {
        if (project == null || project.isBlank() || runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("A W&B run needs a project and a run id; found project " + project
                    + ", run id " + runId + ".");
        }
        tags = List.copyOf(tags);
    }

    /**
     * The run of job {@code jobId} for one {@code integrations[i].wandb} object of its request: the given
     * tags followed by {@code hone/finetune}, {@code hone/{baseModel}} and {@code hone/{jobId}}.
     *
     * @param wandb     the integration's {@code wandb} object ({@code project} required; {@code name},
     *                  {@code entity}, {@code tags} optional), as validated at job creation
     * @param baseModel the job's model as the job shows it
     * @param config    the run config (see {@link #config})
     */
    public static WandbRunSpec forJob(JsonNode wandb, String jobId, String baseModel, ObjectNode config) {
        List<String> tags = new ArrayList<>();
        for (JsonNode t : wandb.path("tags")) {
            tags.add(t.asText());
        }
        for (String own : List.of("hone/finetune", "hone/" + baseModel, "hone/" + jobId)) {
            if (!tags.contains(own)) {
                tags.add(own);
            }
        }
        String name = wandb.path("name").isTextual() ? wandb.get("name").textValue() : jobId;
        String entity = wandb.path("entity").isTextual() ? wandb.get("entity").textValue() : null;
        return new WandbRunSpec(entity, wandb.path("project").asText(), jobId, name, tags, config);
    }
}
