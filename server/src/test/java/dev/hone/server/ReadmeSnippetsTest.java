package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.server.cli.HoneCommand;
import dev.hone.server.runner.RunnerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;

/**
 * The README quickstart's SDK snippets, run exactly as README.md shows them (found by their
 * {@code <!-- snippet: NAME -->} markers; only the base URL is changed to this test's server): the Java one
 * compiled against {@code com.openai:openai-java} and the Node one with the npm {@code openai} package, each
 * in its own process from the repository root (so {@code examples/} resolves as in the README), against a real
 * open-mode server on loopback with the default runner settings. Each runs the whole walk-through: both
 * uploads, a job with the defaults, the polling loop printing events, a full fine-tune to {@code succeeded},
 * and the chat with the {@code ft:} model. To keep it to seconds, {@code gpt-4o-mini} resolves (as on a fresh
 * clone) to a bundled {@code hone-tiny} that is here a one-layer, width-32 model with the real hone-tiny
 * tokenizer; the quickstart's accuracy is {@code QuickstartCommandTest}'s business. The Python snippet cannot
 * run here (no {@code openai} package for Python), so it is only parsed and checked to use the same strings as
 * the Node one.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String README_URL = "http://127.0.0.1:8080/v1";
    private static final String OPENAI_NPM = "6.30.1";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void javaSnippetRunsAsWritten() throws IOException, InterruptedException {
        try (HoneServer server = server()) {
            String code = snippet("readme-java").replace(README_URL, server.url());
            Path src = tmp.resolve("src").resolve("ReadmeJava.java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, """
                    import com.openai.client.*;
                    import com.openai.client.okhttp.*;
                    import com.openai.models.chat.completions.*;
                    import com.openai.models.files.*;
                    import com.openai.models.finetuning.jobs.*;
                    import java.nio.file.*;
                    import java.util.*;

                    public class ReadmeJava {
                        public static void main(String[] args) throws Exception {
                    %s
                        }
                    }
                    """.formatted(code));
            Path classes = tmp.resolve("classes");
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int compiled = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "-d",
                    classes.toString(), "-cp", System.getProperty("java.class.path"), src.toString());
            assertEquals(0, compiled, "the README's Java snippet does not compile:\n" + code
                    + diagnostics.toString(StandardCharsets.UTF_8));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String out = run(List.of(java, "-cp", classes + File.pathSeparator
                    + System.getProperty("java.class.path"), "ReadmeJava"));
            checkWalkThrough(server, out);
        }
    }

    @Test
    void nodeSnippetRunsAsWritten() throws IOException, InterruptedException {
        Path modules = openaiNodeModules();
        try (HoneServer server = server()) {
            Path dir = Files.createDirectories(tmp.resolve("node"));
            Files.createSymbolicLink(dir.resolve("node_modules"), modules);
            Path script = Files.writeString(dir.resolve("readme.mjs"),
                    snippet("readme-node").replace(README_URL, server.url()));
            checkWalkThrough(server, run(List.of("node", script.toString())));
        }
    }

    @Test
    void pythonSnippetParsesAndUsesTheNodeSnippetsStrings() throws IOException, InterruptedException {
        String python = snippet("readme-python");
        Process p = new ProcessBuilder("python3", "-c", "import ast, sys; ast.parse(sys.stdin.read())")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(python.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the README's Python snippet is not valid Python:\n" + err);
        // Allowed differences: Node imports its modules by string and Python opens files in "rb" and quotes
        // dictionary keys; every other string (URL, key, paths, purpose, model, statuses, messages) is shared.
        Set<String> py = literals(python);
        py.removeAll(Set.of("rb", "role", "content"));
        Set<String> node = literals(snippet("readme-node"));
        node.removeAll(Set.of("node:fs", "openai"));
        assertEquals(node, py, "the Python and Node snippets have drifted apart");
        assertTrue(python.contains("list_events(job.id, limit=10)") && python.contains("time.sleep(2)"), python);
    }

    /**
     * The snippet's job succeeded with both README files and a suffixed {@code ft:} model; the run printed
     * some of the job's events; its last line is the {@code ft:} model's greedy answer to the README's chat.
     */
    private static void checkWalkThrough(HoneServer server, String out) throws IOException, InterruptedException {
        JsonNode jobs = get(server, "/fine_tuning/jobs").get("data");
        assertEquals(1, jobs.size(), out);
        JsonNode job = jobs.get(0);
        assertEquals("succeeded", job.get("status").asText(), job + "\n" + out);
        String model = job.get("fine_tuned_model").asText();
        assertTrue(model.startsWith("ft:") && model.contains(":quickstart:"), model);
        List<String> names = new ArrayList<>();
        get(server, "/files?purpose=fine-tune").get("data").forEach(f -> names.add(f.get("filename").asText()));
        assertEquals(List.of("sentiment_train.jsonl", "sentiment_valid.jsonl"), names.stream().sorted().toList(), out);
        Set<String> events = new HashSet<>();
        get(server, "/fine_tuning/jobs/" + job.get("id").asText() + "/events?limit=1000").get("data")
                .forEach(e -> events.add(e.get("message").asText()));
        List<String> lines = out.lines().toList();
        assertTrue(lines.stream().anyMatch(events::contains), "no event of the job printed:\n" + out);
        String body = Datasets.MAPPER.writeValueAsString(Map.of("model", model, "temperature", 0, "messages", List.of(
                Map.of("role", "system", "content",
                        "Classify the sentiment of the review. Answer with one word: positive or negative."),
                Map.of("role", "user", "content", "The bread is so bitter."))));
        HttpResponse<String> chat = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chat.statusCode(), chat.body());
        String answer = Datasets.MAPPER.readTree(chat.body()).at("/choices/0/message/content").asText();
        assertEquals(answer.strip(), lines.isEmpty() ? null : lines.getLast().strip(),
                "the snippet's last line is the ft: model's answer:\n" + out);
    }

    /** An open-mode server whose only base model is a one-layer stand-in for the bundled hone-tiny. */
    private HoneServer server() {
        Path bundled = tmp.resolve("bundled");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HoneCommand());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("model", "init", "--arch", "llama", "--layers", "1", "--hidden", "32", "--heads", "2",
                "--vocab", "4096", "--context", "128", "--seed", "3", "--tokenizer", ROOT.resolve("models/hone-tiny")
                        .toString(), "--out", bundled.resolve("hone-tiny").toString());
        assertEquals(0, exit, err.toString());
        Map<String, String> env = Map.of("HONE_API_KEYS", "", "HONE_MODELS", tmp.resolve("models").toString(),
                "HONE_BUNDLED_MODELS", bundled.toString());
        return HoneServer.start(HoneConfig.resolve("127.0.0.1", 0, tmp.resolve("home"), env),
                RunnerConfig.fromEnv(Map.of()));
    }

    private static JsonNode get(HoneServer server, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Datasets.MAPPER.readTree(r.body());
    }

    /** The code of the fenced block right after README.md's {@code <!-- snippet: name ...-->} line. */
    static String snippet(String name) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("<!-- snippet: " + name + " ") || lines.get(i).equals("<!-- snippet: " + name
                    + " -->")) {
                assertTrue(lines.get(i + 1).startsWith("```"), "README.md: a code fence must follow the " + name
                        + " marker, found: " + lines.get(i + 1));
                StringBuilder code = new StringBuilder();
                for (int j = i + 2; !lines.get(j).equals("```"); j++) {
                    code.append(lines.get(j)).append('\n');
                }
                assertEquals(1, code.toString().split(Pattern.quote(README_URL), -1).length - 1,
                        "the " + name + " snippet names the server once, as " + README_URL);
                return code.toString();
            }
        }
        throw new AssertionError("README.md has no <!-- snippet: " + name + " --> marker");
    }

    /** Runs {@code command} in the repository root (a hang guard of 5 minutes, not a speed check). */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        String text = new String(out, StandardCharsets.UTF_8);
        assertTrue(done, "did not finish: " + command + "\n" + text);
        assertEquals(0, p.exitValue(), command + " failed:\n" + text);
        return text;
    }

    private static Set<String> literals(String code) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("\"([^\"\\\\]*)\"").matcher(code);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * {@code node_modules} holding the npm {@code openai} package (no dependencies), installed once under the
     * repository's git-ignored {@code .cache/npm/}. Fails, never skips, without npm and its registry.
     */
    private static synchronized Path openaiNodeModules() throws IOException, InterruptedException {
        Path dir = ROOT.resolve(".cache").resolve("npm").resolve("openai-" + OPENAI_NPM);
        if (Files.isRegularFile(dir.resolve("node_modules/openai/package.json"))) {
            return dir.resolve("node_modules");
        }
        Files.createDirectories(dir.getParent());
        Path fetch = Files.createTempDirectory(dir.getParent(), "fetch-openai-");
        Process p = new ProcessBuilder("npm", "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
                "--prefix", fetch.toString(), "openai@" + OPENAI_NPM).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0,
                "could not install the npm openai package (needs npm and the npm registry):\n" + out);
        deleteRecursively(dir);
        Files.move(fetch, dir);
        return dir.resolve("node_modules");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
