package dev.hone.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.hone.engine.train.TrainingMethod;
import dev.hone.server.runner.RunnerConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Hone server on a free loopback port over a temporary home, plus clients for it: the official
 * OpenAI Java SDK (strict: {@code responseValidation(true)}, {@code maxRetries(0)}) and raw HTTP for
 * requests the SDK cannot send.
 */
public final class TestServer implements AutoCloseable {
    public static final String KEY_A = "sk-test-a";
    public static final String KEY_B = "sk-test-b";

    private final HoneServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(HoneServer server) {
        this.server = server;
    }

    /** A server with two keys in two organizations. */
    public static TestServer start(Path home) {
        return start(home, KEY_A + ":org-a," + KEY_B + ":org-b");
    }

    /**
     * A server with {@code keys} as HONE_API_KEYS (empty = open mode), no training workers, and a W&amp;B key for
     * every organization pointing at a closed loopback port (so jobs with a {@code wandb} integration are
     * accepted).
     */
    public static TestServer start(Path home, String keys) {
        return start(home, Map.of("HONE_API_KEYS", keys, "HONE_WANDB_API_KEY", "wandb-test-key",
                "WANDB_BASE_URL", "http://127.0.0.1:9"));
    }

    /** A server configured by {@code env} alone ({@code HONE_*}, {@code WANDB_BASE_URL}), no training workers. */
    public static TestServer start(Path home, Map<String, String> env) {
        return new TestServer(HoneServer.start(HoneConfig.resolve("127.0.0.1", 0, home, env),
                new RunnerConfig(0, TrainingMethod.LORA, 30, 100)));
    }

    /** A server with the two test keys, base models under {@code models} and the given training workers. */
    public static TestServer startWithRunner(Path home, Path models, RunnerConfig runner) {
        return startWithRunner(home, models, runner, Map.of("HONE_WANDB_API_KEY", "wandb-test-key",
                "WANDB_BASE_URL", "http://127.0.0.1:9"));
    }

    /** {@link #startWithRunner(Path, Path, RunnerConfig)} with more environment ({@code HONE_WANDB_*}...). */
    public static TestServer startWithRunner(Path home, Path models, RunnerConfig runner, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HONE_API_KEYS", KEY_A + ":org-a," + KEY_B + ":org-b");
        all.put("HONE_MODELS", models.toString());
        return new TestServer(HoneServer.start(HoneConfig.resolve("127.0.0.1", 0, home, all), runner));
    }

    /** The server itself (e.g. its inference service's generated-token count). */
    public HoneServer server() {
        return server;
    }

    public String url() {
        return server.url();
    }

    /** The strict SDK client for {@code key}. */
    public OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(url()).apiKey(key).maxRetries(0).responseValidation(true)
                .timeout(Duration.ofSeconds(30)).build();
    }

    /** The SDK client without response validation, for the {@code paused} status the SDK's enum lacks. */
    public OpenAIClient lenientClient(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(url()).apiKey(key).maxRetries(0).responseValidation(false)
                .timeout(Duration.ofSeconds(30)).build();
    }

    /** A raw request: method, path under /v1, content type (or null), body (or null), key (or null). */
    public HttpResponse<String> raw(String method, String path, String contentType, byte[] body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }
}
