package dev.hone.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code hone serve} in a child JVM on a free loopback port, for tests that must kill the server for
 * real (SIGKILL) and start it again on the same home. Runs open (no API keys).
 *
 * @param process     the child, for {@code destroyForcibly()}
 * @param url         its API base URL, ending in {@code /v1}
 * @param modeLine    the startup line printed right after the listening line (the open-mode notice)
 */
public record ChildServer(Process process, String url, String modeLine) {
    /**
     * Starts the child and waits until it listens.
     *
     * @param home     HONE_HOME of the child
     * @param jvmFlags extra JVM flags (heap size, modules)
     * @param env      extra environment, on top of {@code HONE_API_KEYS=""}
     */
    public static ChildServer start(Path home, List<String> jvmFlags, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.hone.server.cli.HoneCommand",
                "serve", "--port", "0", "--home", home.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HONE_API_KEYS", "");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.add(line);
            int at = line.indexOf("Hone listening on ");
            if (at >= 0) {
                String url = line.substring(at + 18).split(" ")[0];
                String mode = out.readLine();
                Thread.ofVirtual().start(() -> drain(out));
                return new ChildServer(p, url, mode);
            }
        }
        throw new AssertionError("hone serve exited without listening: " + seen);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the child's pipe from filling
            }
        } catch (IOException ignored) {
            // the child was killed
        }
    }
}
