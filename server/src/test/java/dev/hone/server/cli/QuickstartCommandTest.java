package dev.hone.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.server.TestServer;
import dev.hone.server.runner.RunnerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code hone quickstart --quick} end to end against a server started here with the bundled hone-tiny: the
 * base model (via the {@code gpt-4o-mini} alias) classifies almost none of the held-out sentiment examples,
 * and after a fine-tune with the server's and the job's defaults (method and hyperparameters auto) the {@code ft:} model classifies most of them.
 */
class QuickstartCommandTest {
    private static final Path REPO_MODELS = Path.of("..", "models").toAbsolutePath().normalize();
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path home;

    @Test
    void quickFineTuneBeatsTheBaseModelOnHeldOutExamples() {
        try (TestServer server = TestServer.startWithRunner(home.resolve("hone"), REPO_MODELS,
                RunnerConfig.fromEnv(Map.of()))) {
            QuickstartCommand command = new QuickstartCommand();
            command.env = Map.of();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("--base-url", server.url(), "--api-key", TestServer.KEY_A,
                    "--examples", EXAMPLES.toString(), "--quick");
            System.out.println(out);
            assertEquals(0, exit, err + "\n" + out);
            var r = command.result;
            assertEquals(QuickstartCommand.QUICK_VALID, r.base().answers().size());
            assertTrue(r.fineTunedModel().startsWith("ft:"), r.fineTunedModel());
            assertTrue(r.base().accuracy() < 0.2, "the base model already scores " + r.base().summary() + "\n" + out);
            assertTrue(r.tuned().accuracy() >= 0.8, "the fine-tuned model scores only " + r.tuned().summary()
                    + "\n" + out);
            assertTrue(out.toString().contains("Before fine-tuning: " + r.base().summary()), out.toString());
            assertTrue(out.toString().contains("training loss="), "events are printed:\n" + out);
        }
    }

    /** With no server at the base URL the command fails with exit code 1 and says how to start one. */
    @Test
    void unreachableServerIsReportedWithTheFix() {
        QuickstartCommand command = new QuickstartCommand();
        command.env = Map.of();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("--base-url", "http://127.0.0.1:9/v1", "--examples", EXAMPLES.toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("cannot reach http://127.0.0.1:9/v1"), err.toString());
        assertTrue(err.toString().contains("./hone serve"), err.toString());
    }
}
