package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * With Java Flight Recorder running, matmuls leave oneDNN's critical downcalls for the Vector API (JFR's
 * sampler and those calls corrupted native memory together), say so once in the log, and still compute
 * the product. Run in a fresh JVM: JFR, once started, stays initialised for the rest of a JVM.
 */
class JfrGuardTest {
    @Test
    void jfrSendsMatmulsToTheVectorApiAndLogsWhy() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector"));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--enable-native-access") || flag.startsWith("-Dhone.")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JfrGuardProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the probe finished");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("jfr-guard true 0.0"), "the product is exact on small integers: " + output);
        assertTrue(output.contains("Java Flight Recorder is running"), "the fallback is logged: " + output);
    }
}
