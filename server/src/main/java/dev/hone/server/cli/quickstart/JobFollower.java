package dev.hone.server.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows a fine-tuning job until it ends: polls {@code GET /v1/fine_tuning/jobs/{id}/events} (newest first,
 * as the API lists them) and prints each event it has not printed yet, oldest first, then reads the job.
 * Polling, not streaming: the events endpoint has no stream, and a poll every second is plenty for training
 * steps that take a fraction of a second to seconds.
 */
public final class JobFollower {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
    private static final int PAGE = 100;

    private final ApiClient api;
    private final PrintWriter out;
    private final long pollMillis;
    private final Set<String> seen = new HashSet<>();

    public JobFollower(ApiClient api, PrintWriter out, long pollMillis) {
        this.api = api;
        this.out = out;
        this.pollMillis = pollMillis;
    }

    /** Prints the events of job {@code id} as they come and returns the job once it has ended. */
    public JsonNode follow(String id) {
        while (true) {
            JsonNode job = api.get("/fine_tuning/jobs/" + id);
            printNewEvents(id);
            if (FINAL.contains(job.path("status").asText())) {
                printNewEvents(id);
                return job;
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QuickstartException("Interrupted while following " + id + ".", e);
            }
        }
    }

    private void printNewEvents(String id) {
        JsonNode page = api.get("/fine_tuning/jobs/" + id + "/events?limit=" + PAGE);
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode e : page.path("data")) {
            if (seen.add(e.path("id").asText())) {
                fresh.add(e);
            }
        }
        for (JsonNode e : fresh.reversed()) {
            out.println("  [" + e.path("level").asText() + "] " + e.path("message").asText());
        }
        out.flush();
    }
}
