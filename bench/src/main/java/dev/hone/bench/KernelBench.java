package dev.hone.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.hone.engine.kernel.Kernels;
import dev.hone.engine.kernel.Parallel;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs kernel benches briefly in one forked JVM and prints GFLOP/s per benchmark and, per bench class,
 * the ratio of the Vector API forward to the scalar reference forward measured in the same run. Entry
 * point of {@code bench/run-kernel-bench}; arguments are regexes over {@code Class.method} names
 * (default {@code MatmulBench}; e.g. {@code AttentionBench}, {@code 'MatmulBench.forward'}).
 */
public final class KernelBench {
    private KernelBench() {
    }

    public static void main(String[] args) throws RunnerException {
        String threads = System.getProperty(Parallel.THREADS_PROPERTY, "");
        List<String> jvmArgs = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "-Xmx2g"));
        if (!threads.isBlank()) {
            jvmArgs.add("-D" + Parallel.THREADS_PROPERTY + "=" + threads);
        }
        OptionsBuilder builder = new OptionsBuilder();
        for (String filter : args.length == 0 ? new String[] {"MatmulBench"} : args) {
            builder.include("dev\\.hone\\.bench\\." + filter);
        }
        Options options = builder
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(jvmArgs.toArray(String[]::new))
            .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.printf(Locale.ROOT, "%nbackend %s, %d threads; matmul (BT=%d, C=%d) x (C, OC=%d); "
            + "attention B=%d T=%d NH=%d KVH=%d hs=%d%n", Kernels.backend(), Parallel.threads(),
            MatmulBench.BT, MatmulBench.C, MatmulBench.OC, AttentionBench.B, AttentionBench.T,
            AttentionBench.NH, AttentionBench.KVH, AttentionBench.HS);
        Map<String, Double> gflops = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            double millis = result.getPrimaryResult().getScore();
            double rate = flops(shortName) / (millis * 1e6);
            gflops.put(shortName, rate);
            System.out.printf(Locale.ROOT, "  %-34s %9.2f ms/op (± %.2f)  %8.1f GFLOP/s%n",
                shortName, millis, result.getPrimaryResult().getScoreError(), rate);
        }
        if (gflops.containsKey("MatmulBench.forward")) {
            cpuTimeCheck();
        }
        for (String bench : new String[] {"MatmulBench", "AttentionBench"}) {
            Double vector = gflops.get(bench + ".forward");
            Double reference = gflops.get(bench + ".referenceForward");
            if (vector != null && reference != null) {
                System.out.printf(Locale.ROOT, "  %s: vector forward / scalar reference = %.1fx%n",
                    bench, vector / reference);
            }
        }
    }

    /**
     * Times each matmul form in this JVM by wall clock and by the CPU time of the threads that compute
     * (the caller and the kernel pool): on a shared machine the second (GFLOP per CPU-second, i.e. per
     * busy core) says what the kernel does with the cores it gets. Best of several rounds.
     */
    private static void cpuTimeCheck() {
        MatmulBench bench = new MatmulBench();
        bench.setup();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Runnable> forms = new LinkedHashMap<>();
        forms.put("forward", bench::forward);
        forms.put("forwardPacked", bench::forwardPacked);
        forms.put("backwardInput", bench::backwardInput);
        forms.put("backwardWeight", bench::backwardWeight);
        for (Map.Entry<String, Runnable> form : forms.entrySet()) {
            double bestWall = 0;
            double bestCpu = 0;
            for (int round = 0; round < 8; round++) {
                int calls = 4;
                long cpu0 = computeCpuNanos();
                long wall0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    form.getValue().run();
                }
                double wall = System.nanoTime() - wall0;
                double cpu = computeCpuNanos() - cpu0;
                double flops = calls * MatmulBench.flops(form.getKey());
                if (round >= 2) {
                    bestWall = Math.max(bestWall, flops / wall);
                    bestCpu = Math.max(bestCpu, flops / cpu);
                }
            }
            System.out.printf(Locale.ROOT, "  in-process %-15s best %.1f GFLOP/s wall, %.1f GFLOP per CPU-second "
                + "(x %d threads = %.0f GFLOP/s if the cores were free); load average %.1f%n", form.getKey(), bestWall,
                bestCpu, Parallel.threads(), Parallel.threads() * bestCpu, os.getSystemLoadAverage());
        }
    }

    /** CPU time of this JVM's computing threads (main and the kernel pool), in nanoseconds. */
    private static long computeCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().equals("main") || info.getThreadName().startsWith("hone-kernel"))) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static double flops(String benchmark) {
        return benchmark.startsWith("AttentionBench") ? AttentionBench.flops(benchmark) : MatmulBench.flops(benchmark);
    }
}
