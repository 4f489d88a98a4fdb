package dev.hone.server.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Scores a model on held-out chat examples: each example's messages up to its last assistant message are sent
 * to {@code /v1/chat/completions} greedily (temperature 0), and the answer counts when it equals that assistant
 * message after trimming whitespace. Not a fuzzy metric: "Positive." does not match "positive".
 */
public final class Scorer {
    private static final int MAX_TOKENS = 8;

    private final ApiClient api;

    public Scorer(ApiClient api) {
        this.api = api;
    }

    /** One example's expected and actual answer. */
    public record Answer(String user, String expected, String actual) {
        public boolean right() {
            return expected.strip().equals(actual.strip());
        }
    }

    /** The answers of {@code model} to {@code examples} and how many were right. */
    public record Score(String model, List<Answer> answers) {
        public long right() {
            return answers.stream().filter(Answer::right).count();
        }

        /** Right answers as a fraction in 0..1 (0 for no examples). */
        public double accuracy() {
            return answers.isEmpty() ? 0 : (double) right() / answers.size();
        }

        /** For example {@code 3/40 (7.5 %)}. */
        public String summary() {
            return right() + "/" + answers.size() + " (" + String.format(java.util.Locale.ROOT, "%.1f", 100
                    * accuracy()) + " %)";
        }
    }

    /** Asks {@code model} every example of {@code examples} (JSONL chat lines, parsed). */
    public Score score(String model, List<JsonNode> examples) {
        List<Answer> answers = examples.stream().map(e -> answer(model, e)).toList();
        return new Score(model, answers);
    }

    private Answer answer(String model, JsonNode example) {
        JsonNode messages = example.path("messages");
        int last = messages.size() - 1;
        if (last < 1 || !"assistant".equals(messages.get(last).path("role").asText())) {
            throw new QuickstartException("Expected a held-out example whose last message is the assistant's"
                    + " answer, found: " + example + ". Fix the validation file.", null);
        }
        ObjectNode req = ApiClient.object().put("model", model).put("temperature", 0.0).put("max_tokens", MAX_TOKENS);
        ArrayNode prompt = req.putArray("messages");
        String user = "";
        for (int i = 0; i < last; i++) {
            prompt.add(messages.get(i));
            if ("user".equals(messages.get(i).path("role").asText())) {
                user = messages.get(i).path("content").asText();
            }
        }
        JsonNode res = api.post("/chat/completions", req);
        String actual = res.path("choices").path(0).path("message").path("content").asText("");
        return new Answer(user, messages.get(last).path("content").asText(), actual);
    }
}
