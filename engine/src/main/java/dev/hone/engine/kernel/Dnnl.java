package dev.hone.engine.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The oneDNN library that {@code org.bytedeco:dnnl} ships, called through Java's FFM API: JavaCPP's
 * {@code Loader} extracts and loads {@code libdnnl.so.3} (with its {@code libgomp}), then two GEMM
 * entry points are bound as downcalls with {@link Linker.Option#critical(boolean) critical(true)}, so
 * the engine's heap {@code float[]}/{@code short[]} tensors are passed zero-copy for one call:
 * <ul>
 *   <li>{@code dnnl_sgemm} (public C API, row-major): fp32 · fp32 → fp32;</li>
 *   <li>{@code dnnl::impl::cpu::gemm_bf16bf16f32} (exported C++ symbol of oneDNN 3.8.1, column-major,
 *       every argument by pointer): bf16 · bf16 → fp32 accumulation. The C API has no bf16 GEMM; this
 *       is the routine oneDNN's own bf16 matmul and inner-product primitives call. Its mangled name is
 *       pinned with the artifact version (3.8.1-1.5.12): if it is missing, loading fails and the
 *       engine falls back to the Vector API.</li>
 * </ul>
 * Each calling thread has its own block of by-pointer arguments and its own OpenMP team size
 * ({@link #setThreads}): {@link MatmulNative} calls from one thread at a time with a team of every core;
 * {@link AttentionNative} calls from each {@link Parallel} thread with a team of one. A critical downcall
 * holds off garbage collection until it returns (and see {@link JfrGuard}).
 * Reference: oneDNN {@code dnnl.h} ({@code dnnl_sgemm}), {@code src/cpu/gemm/gemm.hpp}.
 */
final class Dnnl {
    private static final String BF16_GEMM =
        "_ZN4dnnl4impl3cpu16gemm_bf16bf16f32EPKcS3_PKlS5_S5_PKfPKNS0_10bfloat16_tES5_SA_S5_S7_PfS5_";

    private final MethodHandle sgemm;
    private final MethodHandle gemmBf16;
    private final MethodHandle ompSetNumThreads;
    /** Scalar arguments of the bf16 GEMM, passed by pointer: 2 chars, M N K, alpha, lda ldb, beta, ldc. */
    private final ThreadLocal<MemorySegment> scalars =
        ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(128, 8));

    private Dnnl(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        sgemm = linker.downcallHandle(find(lib, "dnnl_sgemm"), FunctionDescriptor.of(JAVA_INT, JAVA_BYTE, JAVA_BYTE,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_FLOAT, ADDRESS,
            JAVA_LONG), critical);
        gemmBf16 = linker.downcallHandle(find(lib, BF16_GEMM), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS),
            critical);
        ompSetNumThreads = linker.downcallHandle(find(lib, "omp_set_num_threads"),
            FunctionDescriptor.ofVoid(JAVA_INT));
    }

    /**
     * Loads oneDNN and binds its GEMMs.
     *
     * @throws UnsatisfiedLinkError, NoClassDefFoundError or IllegalArgumentException when the natives
     *                              (or a symbol) are missing; the caller turns that into its fallback
     */
    static Dnnl load() {
        passiveOpenMpByDefault();
        org.bytedeco.javacpp.Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        // dlopen by soname finds the copy JavaCPP just loaded; dlsym on it also searches its libgomp.
        return new Dnnl(SymbolLookup.libraryLookup("libdnnl.so.3", Arena.global()));
    }

    /**
     * Sets {@code OMP_WAIT_POLICY=PASSIVE} in the process environment unless it is already set, before
     * libgomp loads and reads it. Between two GEMMs the Java kernels (attention, norms, activations)
     * run on the same cores; an actively waiting OpenMP team spins on them meanwhile and took about a
     * quarter of the CPU time of a LoRA step (bench case b: 5.2 s per step passive, 7.1 s active).
     */
    private static void passiveOpenMpByDefault() {
        // setenv is not safe against a concurrent getenv; this runs once, in Kernels' class initialisation.
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int status = (int) setenv.invokeExact(arena.allocateFrom("OMP_WAIT_POLICY"), arena.allocateFrom("PASSIVE"),
                0);
            if (status != 0) {
                throw new IllegalStateException("setenv(OMP_WAIT_POLICY) returned " + status);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setenv(OMP_WAIT_POLICY) failed", t);
        }
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalArgumentException("symbol " + name
            + " not found in libdnnl.so.3; expected oneDNN 3.8.1 from org.bytedeco:dnnl:3.8.1-1.5.12"));
    }

    /** Sets the OpenMP team size of the calling thread's later parallel regions. */
    void setThreads(int threads) {
        try {
            ompSetNumThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("omp_set_num_threads(" + threads + ") failed", t);
        }
    }

    /**
     * Row-major C (M, N) = op(A) · op(B) + beta·C in fp32, op = transpose when {@code 'T'}. Offsets
     * index the arrays; lda, ldb, ldc are row strides of the stored (untransposed) matrices.
     */
    void sgemm(char ta, char tb, int M, int N, int K, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc) {
        int status;
        try {
            status = (int) sgemm.invokeExact((byte) ta, (byte) tb, (long) M, (long) N, (long) K, 1f,
                MemorySegment.ofArray(a).asSlice(4L * aOff), (long) lda,
                MemorySegment.ofArray(b).asSlice(4L * bOff), (long) ldb, beta,
                MemorySegment.ofArray(c).asSlice(4L * cOff), (long) ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("dnnl_sgemm downcall failed", t);
        }
        check(status, "dnnl_sgemm", M, N, K);
    }

    /**
     * Row-major C (M, N) = op(A) · op(B) + beta·C with A and B in bf16 (raw bits), summed in fp32. The
     * column-major routine is called for Cᵀ = op(B)ᵀ · op(A)ᵀ, which is the same memory.
     */
    void gemmBf16(char ta, char tb, int M, int N, int K, short[] a, int aOff, int lda, short[] b, int bOff,
                  int ldb, float beta, float[] c, int cOff, int ldc) {
        MemorySegment p = scalars.get();
        p.set(JAVA_BYTE, 0, (byte) tb);
        p.set(JAVA_BYTE, 8, (byte) ta);
        p.set(JAVA_LONG, 16, N);
        p.set(JAVA_LONG, 24, M);
        p.set(JAVA_LONG, 32, K);
        p.set(JAVA_FLOAT, 40, 1f);
        p.set(JAVA_LONG, 48, ldb);
        p.set(JAVA_LONG, 56, lda);
        p.set(JAVA_FLOAT, 64, beta);
        p.set(JAVA_LONG, 72, ldc);
        int status;
        try {
            status = (int) gemmBf16.invokeExact(p, p.asSlice(8), p.asSlice(16), p.asSlice(24), p.asSlice(32),
                p.asSlice(40), MemorySegment.ofArray(b).asSlice(2L * bOff), p.asSlice(48),
                MemorySegment.ofArray(a).asSlice(2L * aOff), p.asSlice(56), p.asSlice(64),
                MemorySegment.ofArray(c).asSlice(4L * cOff), p.asSlice(72));
        } catch (Throwable t) {
            throw new IllegalStateException("gemm_bf16bf16f32 downcall failed", t);
        }
        check(status, "gemm_bf16bf16f32", M, N, K);
    }

    private static void check(int status, String what, int M, int N, int K) {
        if (status != 0) {
            throw new IllegalStateException(what + " returned dnnl_status " + status + " for M=" + M + " N=" + N
                + " K=" + K + "; expected 0 (success). The arguments passed the engine's shape checks, so this"
                + " is a bug: rerun with -Dhone.kernels=vector and report it");
        }
    }
}
