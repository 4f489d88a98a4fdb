package dev.hone.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's peak resident set size: {@code VmHWM} of {@code /proc/self/status} (Linux), the same figure
 * the PyTorch baseline reads for itself, so the two sides are compared by one measure. Not available on
 * other systems (throws).
 */
public final class PeakRss {
    private PeakRss() {
    }

    /**
     * @return the peak resident set size in bytes
     * @throws UncheckedIOException when {@code /proc/self/status} is missing or has no {@code VmHWM} line
     */
    public static long bytes() {
        Path status = Path.of("/proc/self/status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the peak RSS from " + status + " (Linux only)", e);
        }
        throw new UncheckedIOException(new IOException(status + " has no VmHWM line; expected a Linux /proc"));
    }
}
