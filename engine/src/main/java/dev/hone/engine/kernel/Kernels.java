package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.function.Supplier;

/**
 * Backend choice for every kernel, decided once at class load from {@code -Dhone.kernels} (else
 * environment {@code HONE_KERNELS}): {@code auto} (default) runs the matmuls on oneDNN when its natives
 * load ({@link MatmulNative}) and everything else on the Vector API, else falls back to the Vector API
 * for all, logging once why; {@code native} insists on oneDNN and fails with a
 * {@link KernelConfigurationException} when it cannot load; {@code vector} never loads natives;
 * {@code scalar} forces the scalar references (a debugging aid and the baseline of the benches). The
 * Vector API path uses the CPU's widest species (512-bit on AVX-512, 256-bit on AVX2).
 * Reference: llama3.java {@code USE_VECTOR_API} / {@code VectorBitSize}.
 */
public final class Kernels {
    /** System property naming the backend: {@code auto} (default), {@code native}, {@code vector} or {@code scalar}. */
    public static final String BACKEND_PROPERTY = "hone.kernels";

    /** The float species of every vector kernel. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Floats per vector of {@link #F}. */
    static final int L = F.length();

    private static final Choice CHOICE = choose(setting(), Dnnl::load);

    /** True unless the scalar references were forced. */
    static final boolean VECTOR = CHOICE.backend() != Backend.SCALAR;

    /** oneDNN when the matmuls run on it, else null. */
    static final Dnnl NATIVE = CHOICE.dnnl();

    /** The backends {@code hone.kernels} can select. */
    enum Backend { NATIVE, VECTOR, SCALAR }

    /** A selected backend, its loaded library (native only) and, after a fallback, why natives were not used. */
    record Choice(Backend backend, Dnnl dnnl, String fallbackReason) {
    }

    private Kernels() {
    }

    /** The backend in use, for logs and benches: e.g. {@code "native-onednn"}, {@code "vector-512"}, {@code "scalar"}. */
    public static String backend() {
        return switch (CHOICE.backend()) {
            case NATIVE -> "native-onednn";
            case VECTOR -> "vector-" + F.vectorBitSize();
            case SCALAR -> "scalar";
        };
    }

    /** Whether the matmuls run on oneDNN in this process. */
    public static boolean nativeMatmuls() {
        return NATIVE != null;
    }

    /**
     * The backend a setting selects. {@code loader} is called only for {@code auto} and {@code native}.
     *
     * @throws KernelConfigurationException for an unknown value, or {@code native} when loading fails
     */
    static Choice choose(String value, Supplier<Dnnl> loader) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "auto", "" -> {
                try {
                    yield new Choice(Backend.NATIVE, loader.get(), null);
                } catch (LinkageError | RuntimeException e) {
                    String reason = describe(e);
                    System.getLogger(Kernels.class.getName()).log(System.Logger.Level.INFO, "kernels: oneDNN natives"
                        + " did not load (" + reason + "); matmuls run on the Vector API. Set -D" + BACKEND_PROPERTY
                        + "=vector to skip the attempt, or =native to make this an error");
                    yield new Choice(Backend.VECTOR, null, reason);
                }
            }
            case "native" -> {
                try {
                    yield new Choice(Backend.NATIVE, loader.get(), null);
                } catch (LinkageError | RuntimeException e) {
                    throw new KernelConfigurationException("expected the oneDNN natives to load because " + BACKEND_PROPERTY
                        + "=native, found: " + describe(e) + "; they ship for linux-x86_64 in org.bytedeco:dnnl"
                        + " (linux-x86_64 classifier), need org.bytedeco:opencl and javacpp 1.5.12 on the class path and"
                        + " --enable-native-access=ALL-UNNAMED; or use " + BACKEND_PROPERTY + "=auto or =vector");
                }
            }
            case "vector" -> new Choice(Backend.VECTOR, null, null);
            case "scalar" -> new Choice(Backend.SCALAR, null, null);
            default -> throw new KernelConfigurationException("expected " + BACKEND_PROPERTY
                + " to be 'auto', 'native', 'vector' or 'scalar', found '" + value + "'; leave it unset for auto");
        };
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String setting() {
        String value = System.getProperty(BACKEND_PROPERTY);
        return value != null && !value.isBlank() ? value : System.getenv("HONE_KERNELS");
    }
}
