package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A steady-state training step (zeroGrad, forward, backward, AdamW) allocates no buffers: per step at
 * most {@value StepAllocationProbe#BOUND} bytes on the calling thread and the kernel workers, three
 * quarters of one (BT, C) activation of these models at T = 128, for Llama LoRA with dropout, Llama full
 * and GPT-2 full fine-tuning. LoRA also runs at T = 64 under the same bound, where one activation is
 * 64 KB: there it catches two or more per-step buffers, not one. What remains is the parallel helper's per-call
 * bookkeeping (futures, lambdas), which scales with the number of kernel calls, not with B·T.
 *
 * <p>Measured by {@link StepAllocationProbe} in a fresh JVM: in this test JVM, after hundreds of other
 * tests, a Vector API kernel can be left compiled from another workload's profile in a form that boxes
 * its vectors (seen: about 1.4 MB per step, always the same amount), which says something about the JIT's
 * state, not about the step's buffers.
 */
class StepAllocationTest {
    @Test
    void steadyStateStepsAllocateNoBuffers() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-Xmx1g"));
        // The launcher's other JVM flags (surefire's argLine): native access for the oneDNN backend and
        // the FastExp inline without which the JIT may box vectors (see ./hone).
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--enable-native-access")
                    || flag.startsWith("-XX:CompileCommand") || flag.startsWith("-Dhone.")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StepAllocationProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe finished");
        assertEquals(0, p.exitValue(), output);
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2 && parts[1].matches("\\d+")) {
                bytes.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        assertEquals(List.of("llama-lora-T64", "llama-lora-T128", "llama-full", "gpt2-full"),
                List.copyOf(bytes.keySet()), output);
        bytes.forEach((what, n) -> assertTrue(n <= StepAllocationProbe.BOUND, what + ": a steady-state step "
                + "allocated " + n + " bytes; expected at most " + StepAllocationProbe.BOUND
                + " (no per-step buffers; one (BT, C) activation at T=128 is 131072 bytes)"));
    }
}
