package dev.hone.engine.kernel;

import jdk.jfr.FlightRecorder;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the oneDNN calls off while Java Flight Recorder is initialised in this JVM. They are critical
 * downcalls ({@code Linker.Option.critical(true)}, so heap arrays pass without a copy): the calling thread
 * stays in the Java state for the milliseconds a GEMM takes, and JFR's execution sampler, which
 * interrupts threads it takes to be running Java, then corrupted the C heap. Reproduced with
 * {@code StepAllocationProbe} under {@code -XX:StartFlightRecording}: "corrupted size vs. prev_size" or a
 * JVM internal error within a minute; with {@code jdk.ExecutionSample} disabled, no crash. The JDK
 * documents critical functions as short-running, which a GEMM is not. So while JFR is on, matmuls and
 * attention run on the Vector API (other bits, same results within rounding), and one log line says so.
 * A recording started while a native call is already running is not covered.
 */
final class JfrGuard {
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private JfrGuard() {
    }

    /** Whether JFR has been initialised (it stays so once started); logs the fallback the first time. */
    static boolean active() {
        if (!FlightRecorder.isInitialized()) {
            return false;
        }
        if (LOGGED.compareAndSet(false, true)) {
            System.getLogger(Kernels.class.getName()).log(System.Logger.Level.WARNING, "kernels: Java Flight"
                + " Recorder is running, so matmuls and attention run on the Vector API instead of oneDNN: its"
                + " critical downcalls and JFR's thread sampler corrupt native memory together");
        }
        return true;
    }
}
