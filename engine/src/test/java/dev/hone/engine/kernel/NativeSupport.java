package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The loaded oneDNN for tests that need it. They skip only where the bytedeco natives do not exist
 * (anything but linux-x86_64) or where the run forced a Java backend; on linux-x86_64 a failed load
 * fails the test instead of hiding it.
 */
final class NativeSupport {
    private NativeSupport() {
    }

    static boolean platformShipsNatives() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    static Dnnl dnnl() {
        assumeTrue(platformShipsNatives(), "bytedeco dnnl ships natives for linux-x86_64 only");
        String forced = System.getProperty(Kernels.BACKEND_PROPERTY, "auto");
        assumeTrue(forced.isBlank() || forced.equals("auto") || forced.equals("native"),
            "this run forced -D" + Kernels.BACKEND_PROPERTY + "=" + forced);
        assertNotNull(Kernels.NATIVE, "oneDNN should load on linux-x86_64 (auto mode); see the kernels log line");
        return Kernels.NATIVE;
    }
}
