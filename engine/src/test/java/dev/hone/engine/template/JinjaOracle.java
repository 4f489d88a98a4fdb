package dev.hone.engine.template;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.testing.NpmPackage;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The reference renderer for the template tests: {@code @huggingface/jinja} (pinned) run by node
 * through {@code render-oracle.mjs}. All requests of a test class go to one node process.
 */
final class JinjaOracle {
    static final String PACKAGE = "@huggingface/jinja";
    static final String VERSION = "0.5.11";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One template and the variables to render it with. */
    record Request(String template, Map<String, Object> variables) {
    }

    /** The oracle's text, or its error message when it refused to render. */
    record Result(String text, String error) {
        boolean failed() {
            return error != null;
        }
    }

    private JinjaOracle() {
    }

    static List<Result> renderAll(List<Request> requests) {
        Path jinja = NpmPackage.unpacked(PACKAGE, VERSION);
        try {
            Path script = Path.of(Objects.requireNonNull(JinjaOracle.class.getResource("render-oracle.mjs")).toURI());
            Path input = Files.createTempFile("oracle-requests", ".json");
            Path output = Files.createTempFile("oracle-results", ".json");
            try {
                JSON.writeValue(input.toFile(), requests);
                Process p = new ProcessBuilder("node", script.toString(), jinja.toString())
                        .redirectInput(input.toFile()).redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.PIPE).start();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("node oracle failed (needs node on PATH): " + err);
                }
                return JSON.readValue(output.toFile(), new TypeReference<List<Result>>() { });
            } finally {
                Files.deleteIfExists(input);
                Files.deleteIfExists(output);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot run the node oracle: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the node oracle", e);
        }
    }
}
