package dev.hone.server.integrations.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The three W&amp;B calls a job needs, over the public HTTP API with the JDK's {@link HttpClient}: the GraphQL
 * {@code upsertBucket} mutation (create or resume a run), {@code file_stream} posts (history lines at a line
 * offset, the summary) and the completing {@code file_stream} post with the exit code. Authentication is
 * HTTP basic with user {@code api} and the key as password, as W&amp;B's own clients send it. Not a queue and
 * not retrying: {@link WandbRun} does both, off the training thread.
 *
 * <p>Protocol facts (from W&amp;B's public client): a run is a "bucket" whose {@code name} is the run id and
 * whose project is {@code modelName}; {@code historyLineCount} says how many history lines it already has,
 * which is the offset a resumed run continues at; {@code file_stream} takes
 * {@code {"files": {"wandb-history.jsonl": {"offset": n, "content": [line, ...]}}}} and writes each line at
 * its offset, so a repeated post of the same lines is harmless.
 */
public final class WandbClient {
    static final String HISTORY = "wandb-history.jsonl";
    static final String SUMMARY = "wandb-summary.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPSERT = """
            mutation UpsertBucket($name: String, $project: String, $entity: String, $displayName: String,
                                  $config: JSONString, $tags: [String!], $jobType: String) {
              upsertBucket(input: {name: $name, modelName: $project, entityName: $entity, displayName: $displayName,
                                   config: $config, tags: $tags, jobType: $jobType}) {
                bucket { id name displayName historyLineCount project { name entity { name } } }
                inserted
              }
            }""";

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final String key;
    private final Duration timeout;

    /** Where a created run lives, and how many history lines it already holds. */
    public record RunPath(String entity, String project, String runId, long historyLineCount) {
    }

    /**
     * @param base    the server root ({@link WandbConfig#baseUrl()})
     * @param apiKey  the key; sent only in the {@code Authorization} header
     * @param timeout the limit of one request
     */
    public WandbClient(URI base, String apiKey, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("api:" + apiKey)
                .getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.key = apiKey;
    }

    /** Creates the run, or finds it again when it exists (resume). */
    public RunPath upsertRun(WandbRunSpec spec) {
        ObjectNode vars = JsonNodeFactory.instance.objectNode();
        vars.put("name", spec.runId());
        vars.put("project", spec.project());
        vars.put("entity", spec.entity());
        vars.put("displayName", spec.displayName());
        vars.put("config", text(configValues(spec.config())));
        vars.put("jobType", "finetune");
        ArrayNode tags = vars.putArray("tags");
        spec.tags().forEach(tags::add);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("query", UPSERT);
        body.set("variables", vars);
        JsonNode reply = post(base.resolve("/graphql"), body, "create the W&B run " + spec.project() + "/"
                + spec.runId());
        JsonNode errors = reply.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            throw new WandbException("W&B refused to create the run " + spec.project() + "/" + spec.runId() + ": "
                    + excerpt(errors.get(0).path("message").asText("(no message)")) + ". Check the project and entity names and"
                    + " that the key may write to them.", false, null);
        }
        JsonNode bucket = reply.path("data").path("upsertBucket").path("bucket");
        if (!bucket.isObject()) {
            throw new WandbException("W&B answered the run creation without a run (expected data.upsertBucket.bucket)."
                    + " Check that WANDB_BASE_URL points at a W&B server.", false, null);
        }
        String entity = bucket.path("project").path("entity").path("name").asText(spec.entity());
        if (entity == null || entity.isEmpty()) {
            throw new WandbException("W&B created the run " + spec.project() + "/" + spec.runId() + " but did not say"
                    + " in which entity. Give wandb.entity in the job's integration.", false, null);
        }
        String project = bucket.path("project").path("name").asText(spec.project());
        return new RunPath(entity, project, bucket.path("name").asText(spec.runId()),
                bucket.path("historyLineCount").asLong(0));
    }

    /**
     * Posts history lines written at {@code offset} of the history file, and the summary when not null.
     *
     * @param lines   JSON objects, one history row each, in step order
     * @param summary the run's summary so far, or null
     */
    public void history(RunPath run, long offset, List<String> lines, String summary) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode files = body.putObject("files");
        if (!lines.isEmpty()) {
            ObjectNode h = files.putObject(HISTORY);
            h.put("offset", offset);
            ArrayNode content = h.putArray("content");
            lines.forEach(content::add);
        }
        if (summary != null) {
            ObjectNode s = files.putObject(SUMMARY);
            s.put("offset", 0);
            s.putArray("content").add(summary);
        }
        post(fileStream(run), body, "send history of the W&B run " + run.project() + "/" + run.runId());
    }

    /** Marks the run finished: exit code 0 succeeded, anything else failed. */
    public void complete(RunPath run, int exitCode) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("files");
        body.put("complete", true);
        body.put("exitcode", exitCode);
        post(fileStream(run), body, "finish the W&B run " + run.project() + "/" + run.runId());
    }

    private URI fileStream(RunPath run) {
        return base.resolve("/files/" + segment(run.entity()) + "/" + segment(run.project()) + "/"
                + segment(run.runId()) + "/file_stream");
    }

    /** W&B run config: every key's value wrapped as {@code {"value": v}}. */
    private static ObjectNode configValues(ObjectNode config) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.putObject(e.getKey()).set("value", e.getValue());
        }
        return out;
    }

    private JsonNode post(URI uri, JsonNode body, String what) {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("User-Agent", "hone")
                .POST(HttpRequest.BodyPublishers.ofString(text(body)))
                .build();
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WandbException("Cannot " + what + ": W&B server " + base + " unreachable (" + e + "). Check"
                    + " WANDB_BASE_URL and the network.", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WandbException("Cannot " + what + ": interrupted.", false, e);
        }
        int status = res.statusCode();
        if (status / 100 != 2) {
            boolean retry = status == 429 || status >= 500;
            String hint = status == 401 || status == 403 ? " Check the W&B API key configured for the organization"
                    + " (HONE_WANDB_API_KEY / HONE_WANDB_API_KEYS)." : status == 404 ? " Check the entity and project"
                    + " names and WANDB_BASE_URL." : "";
            throw new WandbException("Cannot " + what + ": W&B answered HTTP " + status + " " + excerpt(res.body())
                    + "." + hint, retry, null);
        }
        try {
            return res.body().isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(res.body());
        } catch (IOException e) {
            throw new WandbException("Cannot " + what + ": W&B answered with invalid JSON " + excerpt(res.body())
                    + ". Check that WANDB_BASE_URL points at a W&B server.", false, e);
        }
    }

    /** A short quote of a reply, with the key blanked should a server echo it back. */
    private String excerpt(String body) {
        String s = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        s = s.replace(key, "***").replace(authorization.substring("Basic ".length()), "***");
        return s.length() > 200 ? "'" + s.substring(0, 200) + "...'" : "'" + s + "'";
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
        }
    }
}
