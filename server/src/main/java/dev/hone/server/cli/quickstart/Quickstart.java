package dev.hone.server.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quickstart walk-through against a running server, step by step as a user would do it with any OpenAI
 * client: score the base model on the held-out examples, upload the training and validation files, create a
 * job with default ({@code auto}) hyperparameters, follow its events, score the {@code ft:} model the same
 * way, and compare. Not a benchmark harness: one task, one run, exact-match scoring ({@link Scorer}).
 */
public final class Quickstart {
    /** The training file under the examples directory. */
    public static final String TRAIN = "sentiment_train.jsonl";
    /** The held-out validation file under the examples directory. */
    public static final String VALID = "sentiment_valid.jsonl";

    /** The job's seed: training is deterministic, so every run of the quickstart trains the same model. */
    public static final long SEED = 42;

    private final ApiClient api;
    private final PrintWriter out;
    private final long pollMillis;

    /** What the walk-through ended with. */
    public record Result(String jobId, String status, String fineTunedModel, Scorer.Score base, Scorer.Score tuned) {
    }

    public Quickstart(ApiClient api, PrintWriter out, long pollMillis) {
        this.api = api;
        this.out = out;
        this.pollMillis = pollMillis;
    }

    /**
     * Runs the walk-through.
     *
     * @param model      the base model to fine-tune (an id or an OpenAI alias)
     * @param examples   the directory holding {@link #TRAIN} and {@link #VALID}
     * @param trainLimit use at most this many training examples (the whole file when larger)
     * @param validLimit score at most this many held-out examples
     */
    public Result run(String model, Path examples, int trainLimit, int validLimit) {
        List<String> train = lines(examples.resolve(TRAIN), trainLimit);
        List<String> valid = lines(examples.resolve(VALID), validLimit);
        List<JsonNode> held = parse(valid);
        Scorer scorer = new Scorer(api);
        out.println("1. Scoring the base model '" + model + "' on " + held.size() + " held-out examples...");
        out.flush();
        Scorer.Score base = scorer.score(model, held);
        out.println("   base model: " + base.summary() + " right; for example " + sample(base));
        out.println("2. Uploading " + train.size() + " training and " + valid.size() + " validation examples...");
        String trainId = api.upload(TRAIN, join(train)).path("id").asText();
        String validId = api.upload(VALID, join(valid)).path("id").asText();
        out.println("   " + trainId + ", " + validId);
        ObjectNode req = ApiClient.object().put("model", model).put("training_file", trainId)
                .put("validation_file", validId).put("suffix", "quickstart").put("seed", SEED);
        JsonNode job = api.post("/fine_tuning/jobs", req);
        String id = job.path("id").asText();
        out.println("3. Created fine-tuning job " + id + " (hyperparameters auto, seed " + SEED + "); following its events:");
        out.flush();
        JsonNode done = new JobFollower(api, out, pollMillis).follow(id);
        String status = done.path("status").asText();
        if (!"succeeded".equals(status)) {
            throw new QuickstartException("Expected job " + id + " to succeed, found status '" + status + "': "
                    + done.path("error") + ". See the events above and the server log.", null);
        }
        String tunedModel = done.path("fine_tuned_model").asText();
        out.println("   hyperparameters: " + done.path("hyperparameters") + ", trained tokens: "
                + done.path("trained_tokens").asText());
        out.println("4. Scoring the fine-tuned model '" + tunedModel + "'...");
        out.flush();
        Scorer.Score tuned = scorer.score(tunedModel, held);
        out.println("   fine-tuned model: " + tuned.summary() + " right; for example " + sample(tuned));
        out.println();
        out.println("Before fine-tuning: " + base.summary() + "   after: " + tuned.summary()
                + "   (exact match on " + held.size() + " held-out examples)");
        out.flush();
        return new Result(id, status, tunedModel, base, tuned);
    }

    private static String sample(Scorer.Score s) {
        Scorer.Answer a = s.answers().getFirst();
        return "\"" + a.user() + "\" -> \"" + a.actual().strip().replace("\n", "\\n") + "\" (expected \""
                + a.expected() + "\")";
    }

    private static List<String> lines(Path file, int limit) {
        try {
            List<String> all = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList());
            if (all.isEmpty()) {
                throw new QuickstartException("Expected examples in " + file + ", found an empty file.", null);
            }
            return all.subList(0, Math.min(limit, all.size()));
        } catch (IOException e) {
            throw new QuickstartException("Cannot read " + file + " (" + e.getMessage() + "). Pass --examples DIR"
                    + " with " + TRAIN + " and " + VALID + " (the repository's examples/ has them).", e);
        }
    }

    private static List<JsonNode> parse(List<String> lines) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            try {
                out.add(json.readTree(l));
            } catch (IOException e) {
                throw new QuickstartException("Expected one JSON object per line, found: " + l, e);
            }
        }
        return out;
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
