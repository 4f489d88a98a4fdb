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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs kernel benches briefly, one forked JVM per backend ({@code -Dbench.backends}, default
 * {@code vector,native,native-bf16}: the Vector API, oneDNN fp32, oneDNN with bf16 mixed precision),
 * and prints GFLOP/s per benchmark and backend, per bench class the ratio of the Vector API forward to
 * the scalar reference forward, and per matmul bench the ratio of each native row to the vector row,
 * all measured in the same run. Entry
 * point of {@code bench/run-kernel-bench}; arguments are regexes over {@code Class.method} names
 * (default {@code MatmulBench}; e.g. {@code AttentionBench}, {@code 'MatmulBench.forward'}).
 */
public final class KernelBench {
    private KernelBench() {
    }

    public static void main(String[] args) throws RunnerException {
        String threads = System.getProperty(Parallel.THREADS_PROPERTY, "");
        String[] filters = args.length == 0 ? new String[] {"MatmulBench"} : args;
        Map<String, Map<String, Double>> byBackend = new LinkedHashMap<>();
        for (String backend : System.getProperty("bench.backends", "vector,native,native-bf16").split(",")) {
            byBackend.put(backend, run(filters, backend.strip(), threads, byBackend.isEmpty()));
        }
        System.out.printf(Locale.ROOT, "%nbackend in this JVM %s, %d threads; matmul (BT=%d, C=%d) x (C, OC=%d); "
            + "attention B=%d T=%d NH=%d KVH=%d hs=%d%n", Kernels.backend(), Parallel.threads(),
            MatmulBench.BT, MatmulBench.C, MatmulBench.OC, AttentionBench.B, AttentionBench.T,
            AttentionBench.NH, AttentionBench.KVH, AttentionBench.HS);
        for (Map.Entry<String, Map<String, Double>> e : byBackend.entrySet()) {
            for (Map.Entry<String, Double> r : e.getValue().entrySet()) {
                System.out.printf(Locale.ROOT, "  %-12s %-44s %8.1f GFLOP/s%n", e.getKey(), r.getKey(), r.getValue());
            }
        }
        Map<String, Double> gflops = byBackend.values().iterator().next();
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
        Map<String, Double> vector = byBackend.get("vector");
        for (Map.Entry<String, Map<String, Double>> e : byBackend.entrySet()) {
            if (vector == null || !e.getKey().startsWith("native")) {
                continue;
            }
            for (Map.Entry<String, Double> r : e.getValue().entrySet()) {
                Double v = vector.get(r.getKey());
                if (v != null && r.getKey().startsWith("Matmul")) {
                    System.out.printf(Locale.ROOT, "  ratio %-12s / vector %-36s %.2fx%n", e.getKey(), r.getKey(),
                        r.getValue() / v);
                }
            }
        }
    }

    /**
     * One JMH run (one forked JVM) of the filtered benches on a backend: {@code vector}, {@code native}
     * or {@code native-bf16} (mixed precision), returning GFLOP/s by {@code Class.method[params]}. The
     * scalar reference does not depend on the backend and runs only in the first pass.
     */
    private static Map<String, Double> run(String[] filters, String backend, String threads, boolean first)
            throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "-Xmx3g", "-Dhone.kernels=" + backend.replace("-bf16", "")));
        if (backend.endsWith("-bf16")) {
            jvmArgs.add("-Dhone.precision=bf16");
        }
        if (!threads.isBlank()) {
            jvmArgs.add("-D" + Parallel.THREADS_PROPERTY + "=" + threads);
        }
        OptionsBuilder builder = new OptionsBuilder();
        for (String filter : filters) {
            builder.include("dev\\.hone\\.bench\\." + filter);
        }
        if (!first) {
            builder.exclude("referenceForward");
        }
        Options options = builder
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(jvmArgs.toArray(String[]::new))
            .build();
        Map<String, Double> gflops = new TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(shortName);
            for (String param : result.getParams().getParamsKeys()) {
                key.append(key.indexOf("[") < 0 ? "[" : ",").append(result.getParams().getParam(param));
            }
            String label = key.indexOf("[") < 0 ? shortName : key.append("]").toString();
            double millis = result.getPrimaryResult().getScore();
            gflops.put(label, flops(shortName, result.getParams().getParam("shape")) / (millis * 1e6));
        }
        return gflops;
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

    private static double flops(String benchmark, String shape) {
        if (benchmark.startsWith("MatmulShapesBench")) {
            return MatmulShapesBench.flops(shape);
        }
        return benchmark.startsWith("AttentionBench") ? AttentionBench.flops(benchmark) : MatmulBench.flops(benchmark);
    }
}
