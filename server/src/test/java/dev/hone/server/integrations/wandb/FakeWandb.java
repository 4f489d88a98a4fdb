package dev.hone.server.integrations.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A W&amp;B server on a loopback port that speaks the part of the protocol Hone uses and records what it gets:
 * {@code POST /graphql} with {@code upsertBucket} (answers the bucket with its {@code historyLineCount}) and
 * {@code POST /files/{entity}/{project}/{run}/file_stream} (history lines written at their offset, as W&amp;B
 * does, the summary, the completion). Not a W&amp;B: no other query, no storage. Can answer the next calls with
 * an error status to test retries.
 */
public final class FakeWandb implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** Every request: method, path, Authorization header, body. */
    public final List<Request> requests = new ArrayList<>();
    /** The variables of every upsertBucket call. */
    public final List<JsonNode> upserts = new ArrayList<>();
    /** History lines by run path, at their offsets. */
    public final Map<String, List<String>> history = new LinkedHashMap<>();
    /** Every history line received, in order, resent ones included. */
    public final List<String> historyPosts = new ArrayList<>();
    /** Lines overwritten with different content, or written past the end (both wrong). */
    public final List<String> conflicts = new ArrayList<>();
    /** Latest summary by run path. */
    public final Map<String, JsonNode> summaries = new LinkedHashMap<>();
    /** Exit codes of completions, by run path, in order. */
    public final Map<String, List<Integer>> completions = new LinkedHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;

    public record Request(String method, String path, String authorization, String body) {
    }

    public FakeWandb() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests get HTTP {@code status}. */
    public void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    public synchronized List<Long> steps(String runPath) {
        List<Long> steps = new ArrayList<>();
        for (String line : history.getOrDefault(runPath, List.of())) {
            steps.add(read(line).get("_step").asLong());
        }
        return steps;
    }

    /** Exit codes the run at {@code runPath} was completed with, in order. */
    public synchronized List<Integer> completions(String runPath) {
        return List.copyOf(completions.getOrDefault(runPath, List.of()));
    }

    /** The variables of every upsertBucket call so far. */
    public synchronized List<JsonNode> upserts() {
        return List.copyOf(upserts);
    }

    public synchronized List<Long> postedSteps() {
        return historyPosts.stream().map(l -> read(l).get("_step").asLong()).toList();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getRawPath();
        int status = 200;
        String reply = "{}";
        synchronized (this) {
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(),
                    ex.getRequestHeaders().getFirst("Authorization"), body));
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = failStatus;
                reply = "{\"error\":\"injected\"}";
            } else if (path.equals("/graphql")) {
                reply = upsert(read(body).get("variables"));
            } else if (path.startsWith("/files/") && path.endsWith("/file_stream")) {
                stream(path.substring("/files/".length(), path.length() - "/file_stream".length()), read(body));
            } else {
                status = 404;
            }
        }
        byte[] out = reply.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private String upsert(JsonNode vars) {
        upserts.add(vars);
        String entity = vars.path("entity").isTextual() ? vars.get("entity").asText() : "default-entity";
        String runPath = entity + "/" + vars.get("project").asText() + "/" + vars.get("name").asText();
        ObjectNode reply = JSON.createObjectNode();
        ObjectNode upsert = reply.putObject("data").putObject("upsertBucket");
        ObjectNode bucket = upsert.putObject("bucket");
        bucket.put("id", "bucket-" + upserts.size());
        bucket.put("name", vars.get("name").asText());
        bucket.put("displayName", vars.path("displayName").asText());
        bucket.put("historyLineCount", history.getOrDefault(runPath, List.of()).size());
        bucket.putObject("project").put("name", vars.get("project").asText()).putObject("entity").put("name", entity);
        upsert.put("inserted", !history.containsKey(runPath));
        history.putIfAbsent(runPath, new ArrayList<>());
        return reply.toString();
    }

    private void stream(String runPath, JsonNode body) {
        JsonNode h = body.path("files").path(WandbClient.HISTORY);
        if (h.isObject()) {
            List<String> lines = history.computeIfAbsent(runPath, k -> new ArrayList<>());
            int at = h.get("offset").asInt();
            for (JsonNode line : h.get("content")) {
                historyPosts.add(line.asText());
                if (at < lines.size()) {
                    if (!same(lines.get(at), line.asText())) {
                        conflicts.add("line " + at + " was " + lines.get(at) + ", now " + line.asText());
                    }
                    lines.set(at, line.asText());
                } else if (at == lines.size()) {
                    lines.add(line.asText());
                } else {
                    conflicts.add("line " + at + " written past the end (" + lines.size() + " lines)");
                }
                at++;
            }
        }
        JsonNode s = body.path("files").path(WandbClient.SUMMARY);
        if (s.isObject()) {
            summaries.put(runPath, read(s.get("content").get(0).asText()));
        }
        if (body.path("complete").asBoolean(false)) {
            completions.computeIfAbsent(runPath, k -> new ArrayList<>()).add(body.get("exitcode").asInt());
        }
    }

    /** Same row, ignoring {@code _timestamp} (a replayed step is sent at a later time). */
    private static boolean same(String a, String b) {
        ObjectNode x = (ObjectNode) read(a);
        ObjectNode y = (ObjectNode) read(b);
        x.remove("_timestamp");
        y.remove("_timestamp");
        return x.equals(y);
    }

    public static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + s, e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
