package dev.hone.server.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Proves validation streams: {@code hone validate} in a child JVM whose heap is far smaller than the
 * file (issue 2: a 100 MB file must not need more than a few tens of MB of heap). Holding the file, or
 * a 20 MB line, in memory would end in OutOfMemoryError and a non-zero exit.
 */
class StreamingMemoryTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void hundredMegabyteFileValidatesIn48MegabytesOfHeap() throws Exception {
        Path file = dir.resolve("big.jsonl");
        long lines = writeChatFile(file, 100 * MB);
        assertTrue(Files.size(file) >= 100 * MB);
        Result r = validateInChildJvm(file, "-Xmx48m");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(lines + " example(s) for method supervised, valid"), r.output());
    }

    @Test
    void twentyMegabyteLineIsRejectedIn16MegabytesOfHeap() throws Exception {
        Path file = dir.resolve("long-line.jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            byte[] chat = (chatLine(0) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 11; i++) {
                out.write(chat);
            }
            byte[] text = new byte[(int) MB];
            Arrays.fill(text, (byte) 'x');
            out.write("{\"prompt\": \"".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 20; i++) {
                out.write(text);
            }
            out.write("\", \"completion\": \"y\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        long longLine = Files.size(file) - 11L * (chatLine(0).length() + 1) - 1;
        Result r = validateInChildJvm(file, "-Xmx16m");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().startsWith("line 12: Invalid file format. Example 12 is " + longLine + " bytes long"),
                r.output());
    }

    /** Writes varied chat examples until the file reaches {@code size} bytes; returns the line count. */
    private static long writeChatFile(Path file, long size) throws IOException {
        long written = 0;
        long n = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            while (written < size) {
                byte[] line = (chatLine(n++) + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(line);
                written += line.length;
            }
        }
        return n;
    }

    private static String chatLine(long i) {
        String filler = "The quick brown fox jumps over the lazy dog. ".repeat(8 + (int) (i % 7));
        return "{\"messages\": [{\"role\": \"system\", \"content\": \"You are assistant number " + i + ".\"},"
                + " {\"role\": \"user\", \"content\": \"Tell me about item " + i + ". " + filler + "\"},"
                + " {\"role\": \"assistant\", \"content\": \"Item " + i + " is fine. " + filler + "\", \"weight\": "
                + (i % 2) + "}]}";
    }

    private record Result(int exit, String output) {
    }

    /**
     * Drops the conformance suite's OpenAI SDK and its Kotlin/OkHttp jars: {@code hone validate} never uses
     * them, but a failed class or resource lookup opens every jar on the class path and keeps each one's
     * central directory on the heap, megabytes that would otherwise count against the 16 MB budget.
     */
    private static String withoutTestOnlyJars(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !e.matches(".*/(com/openai|org/jetbrains|com/squareup|com/github/victools|io/swagger)/.*"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Result validateInChildJvm(Path file, String heap) throws Exception {
        String classPath = withoutTestOnlyJars(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), heap, "-XX:+UseSerialGC", "-cp", classPath, "dev.hone.server.cli.HoneCommand",
                "validate", file.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + command);
        }
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
