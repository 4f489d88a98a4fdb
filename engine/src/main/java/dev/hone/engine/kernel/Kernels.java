package dev.hone.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backend choice for every kernel, decided once at class load. The Vector API path uses the CPU's
 * widest species (512-bit on AVX-512, 256-bit on AVX2); {@code -Dhone.kernels=scalar} forces the
 * scalar references (a debugging aid and the baseline of the benches).
 * Reference: llama3.java {@code USE_VECTOR_API} / {@code VectorBitSize}.
 */
public final class Kernels {
    /** System property naming the backend: {@code vector} (default) or {@code scalar}. */
    public static final String BACKEND_PROPERTY = "hone.kernels";

    /** The float species of every vector kernel. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Floats per vector of {@link #F}. */
    static final int L = F.length();

    /** True unless the scalar references were forced. */
    static final boolean VECTOR = useVector();

    private Kernels() {
    }

    /** The backend in use, for logs and benches: e.g. {@code "vector-512"} or {@code "scalar"}. */
    public static String backend() {
        return VECTOR ? "vector-" + F.vectorBitSize() : "scalar";
    }

    private static boolean useVector() {
        String value = System.getProperty(BACKEND_PROPERTY, "vector").strip();
        return switch (value) {
            case "vector", "" -> true;
            case "scalar" -> false;
            default -> throw new KernelConfigurationException("expected system property " + BACKEND_PROPERTY
                + " to be 'vector' or 'scalar', found '" + value + "'; use -D" + BACKEND_PROPERTY
                + "=scalar to force the scalar references, or leave it unset");
        };
    }
}
