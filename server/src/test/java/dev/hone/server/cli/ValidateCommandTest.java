package dev.hone.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code hone validate} run in-process through picocli, as a user would run it: output and exit codes. */
class ValidateCommandTest {
    private static final String CHAT = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
            + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new HoneCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void validFileExitsZeroWithASummary() throws IOException {
        Path f = file("ok.jsonl", (CHAT + "\n").repeat(10));
        assertEquals(0, run("validate", f.toString()));
        assertEquals(f + ": 10 example(s) for method supervised, valid" + System.lineSeparator(), out.toString());
    }

    @Test
    void everyProblemIsPrintedWithItsLineNumber() throws IOException {
        Path f = file("bad.jsonl", CHAT + "\nnot json\n" + CHAT + "\n{\"messages\": [{\"role\": \"robot\","
                + " \"content\": \"x\"}, {\"role\": \"assistant\", \"content\": \"y\"}]}\n");
        assertEquals(1, run("validate", f.toString()));
        List<String> lines = out.toString().lines().toList();
        assertEquals(4, lines.size(), out.toString());
        assertTrue(lines.get(0).startsWith("line 2: Invalid file format. Example 2 is not valid JSON"), lines.get(0));
        assertTrue(lines.get(1).startsWith("line 4: Invalid file format. Example 4, message 1 No match for"
                + " discriminator 'role' and value 'robot'"), lines.get(1));
        assertEquals("file: The file has 4 example(s), but must have at least 10 examples", lines.get(2));
        assertEquals(f + ": 4 example(s) for method supervised, 3 problem(s)", lines.get(3));
    }

    @Test
    void methodOptionSelectsTheFormat() throws IOException {
        Path f = file("chat.jsonl", (CHAT + "\n").repeat(10));
        assertEquals(1, run("validate", f.toString(), "--method", "dpo"));
        assertTrue(out.toString().startsWith("line 1: Input file chat.jsonl is in the fine-tune-chat format, but the"
                + " specified fine-tuning job is not using 'supervised' as the training method (provided"
                + " method=dpo)."), out.toString());
    }

    @Test
    void unknownMethodIsAUsageError() throws IOException {
        Path f = file("chat.jsonl", CHAT + "\n");
        assertEquals(2, run("validate", f.toString(), "--method", "ppo"));
        assertTrue(err.toString().contains("Unknown training method 'ppo'"), err.toString());
    }

    @Test
    void missingFileOrArgumentIsAUsageError() {
        assertEquals(2, run("validate", dir.resolve("absent.jsonl").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
        assertEquals(2, run("validate"));
        assertTrue(err.toString().contains("Missing required parameter: 'FILE'"), err.toString());
    }
}
