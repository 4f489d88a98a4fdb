package dev.hone.bench;

import dev.hone.engine.kernel.Kernels;
import dev.hone.engine.kernel.Parallel;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link MatmulBench} briefly in one forked JVM and prints GFLOP/s per matmul form and the ratio
 * of the Vector API forward to the scalar reference measured in the same run. Entry point of
 * {@code bench/run-kernel-bench}; any arguments are JMH benchmark-name filters (default: all).
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
        if (args.length == 0) {
            builder.include(MatmulBench.class.getName() + "\\.");
        }
        for (String filter : args) {
            builder.include(MatmulBench.class.getName() + "\\." + filter);
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
        System.out.printf(Locale.ROOT, "%nmatmul (BT=%d, C=%d) x (C, OC=%d); backend %s, %d threads%n",
            MatmulBench.BT, MatmulBench.C, MatmulBench.OC, Kernels.backend(), Parallel.threads());
        double forward = Double.NaN;
        double reference = Double.NaN;
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            double millis = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            double gflops = MatmulBench.flops(name) / (millis * 1e6);
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            System.out.printf(Locale.ROOT, "  %-18s %9.2f ms/op (± %.2f)  %8.1f GFLOP/s%n",
                shortName, millis, error, gflops);
            if (shortName.equals("forward")) {
                forward = gflops;
            } else if (shortName.equals("referenceForward")) {
                reference = gflops;
            }
        }
        if (!Double.isNaN(forward) && !Double.isNaN(reference)) {
            System.out.printf(Locale.ROOT, "  vector forward / scalar reference: %.1fx%n", forward / reference);
        }
    }
}
