package dev.hone.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

class ServeCommandTest {
    @TempDir
    Path home;

    @Test
    void refusesToRunOpenOnANetworkAddress() {
        ServeCommand serve = new ServeCommand();
        serve.env = Map.of();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = new CommandLine(serve).execute("--host", "0.0.0.0", "--port", "0", "--home", home.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, rc);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("HONE_API_KEYS"), captured.toString());
    }

    @Test
    void serveIsASubcommandOfHone() {
        assertTrue(new CommandLine(new HoneCommand()).getSubcommands().containsKey("serve"));
        assertTrue(new CommandLine(new HoneCommand()).getSubcommands().containsKey("validate"));
    }
}
