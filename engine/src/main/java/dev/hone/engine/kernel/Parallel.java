package dev.hone.engine.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The one parallel helper every kernel uses: a fixed pool sized to the cores and a fixed, contiguous
 * partition of an index range. Not a work-stealing scheduler: chunk boundaries depend only on the
 * range and the part count, so a kernel that gives each output element to exactly one chunk and
 * reduces in a fixed order is bitwise deterministic. Nested calls (from inside a chunk) run inline.
 * Thread count: system property {@code hone.threads}, else environment {@code HONE_THREADS}, else
 * the number of available processors. Reference: llama3.java {@code Parallel.parallelFor}.
 */
public final class Parallel {
    /** System property that sets the thread count (environment: {@code HONE_THREADS}). */
    public static final String THREADS_PROPERTY = "hone.threads";

    private static final int THREADS = configuredThreads();
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private static volatile ExecutorService pool;

    private Parallel() {
    }

    /** A body that handles the indices {@code [start, end)} of a partitioned range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /** Threads the kernels use: the configured count, at least 1. */
    public static int threads() {
        return THREADS;
    }

    /** Whether the current thread is running a chunk of {@link #forChunks} (a pool worker, or the caller). */
    static boolean insideChunk() {
        return INSIDE.get();
    }

    /** Runs {@code body} for every index in {@code [0, n)}, split into {@link #threads()} chunks. */
    public static void forRange(int n, IntConsumer body) {
        forChunks(n, THREADS, (start, end) -> {
            for (int i = start; i < end; i++) {
                body.accept(i);
            }
        });
    }

    /** Splits {@code [0, n)} into {@link #threads()} contiguous chunks and runs them in parallel. */
    public static void forChunks(int n, RangeBody body) {
        forChunks(n, THREADS, body);
    }

    /**
     * Splits {@code [0, n)} into {@code min(parts, n)} contiguous chunks, chunk p being
     * {@code [p*n/parts, (p+1)*n/parts)}, runs chunk 0 on the caller and the rest on the pool, and
     * returns when all are done. The first failure of any chunk is rethrown.
     *
     * @param n     range size, ≥ 0
     * @param parts requested chunk count, ≥ 1; 1 (or a nested call) runs everything on the caller
     * @param body  called once per chunk with a non-empty range
     */
    public static void forChunks(int n, int parts, RangeBody body) {
        int p = Math.min(parts, n);
        if (p <= 1 || INSIDE.get()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        ExecutorService executor = pool();
        Future<?>[] futures = new Future<?>[p - 1];
        for (int i = 1; i < p; i++) {
            int start = (int) ((long) i * n / p);
            int end = (int) ((long) (i + 1) * n / p);
            futures[i - 1] = executor.submit(() -> body.run(start, end));
        }
        Throwable failure = null;
        try {
            INSIDE.set(true);
            body.run(0, (int) ((long) n / p));
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            INSIDE.set(false);
        }
        for (Future<?> future : futures) {
            failure = await(future, failure);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    private static Throwable await(Future<?> future, Throwable failure) {
        boolean interrupted = false;
        while (true) {
            try {
                future.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return failure;
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), runnable -> {
                        Thread t = new Thread(() -> {
                            INSIDE.set(true);
                            runnable.run();
                        }, "hone-kernel");
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }

    private static int configuredThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value != null && !value.isBlank()) {
            return parseThreads(value, "system property " + THREADS_PROPERTY);
        }
        return parseThreads(System.getenv("HONE_THREADS"), "environment variable HONE_THREADS");
    }

    /** The thread count a setting asks for: blank means every core; otherwise an integer ≥ 1. */
    static int parseThreads(String value, String source) {
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the value that was found
        }
        throw new KernelConfigurationException("expected " + source + " to be a thread count ≥ 1, found '"
            + value + "'; set it to a positive integer such as 2, or unset it to use every core");
    }
}
