package dev.hone.engine.kernel;

/**
 * Matmul precision in training. {@link #FP32}: fp32 inputs and accumulation. {@link #BF16}: mixed
 * precision as PyTorch autocast does it for matmuls: both inputs rounded to bf16 (nearest, ties to
 * even), products accumulated in fp32, results in fp32; master weights, gradients and AdamW state stay
 * fp32. Chosen by {@code -Dhone.precision=fp32|bf16} (else environment {@code HONE_PRECISION}, else
 * fp32) once per process; {@link #runWith} overrides it for one call tree of the current thread.
 * Applies to every {@link Matmul} entry point and every backend; other kernels stay fp32.
 */
public enum Precision {
    FP32,
    BF16;

    /** System property that sets the precision (environment: {@code HONE_PRECISION}). */
    public static final String PROPERTY = "hone.precision";

    private static final Precision CONFIGURED = configured();
    private static final ScopedValue<Precision> OVERRIDE = ScopedValue.newInstance();

    /** The precision of matmuls started by the current thread now. */
    public static Precision current() {
        return OVERRIDE.orElse(CONFIGURED);
    }

    /** Runs {@code body} on the current thread with matmuls in {@code precision} (tests, benches). */
    public static void runWith(Precision precision, Runnable body) {
        ScopedValue.where(OVERRIDE, precision).run(body);
    }

    private static Precision configured() {
        String value = System.getProperty(PROPERTY);
        if (value != null && !value.isBlank()) {
            return parse(value, "system property " + PROPERTY);
        }
        return parse(System.getenv("HONE_PRECISION"), "environment variable HONE_PRECISION");
    }

    /** The precision a setting names: blank means fp32; otherwise fp32 or bf16 (any case). */
    static Precision parse(String value, String source) {
        if (value == null || value.isBlank()) {
            return FP32;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "fp32" -> FP32;
            case "bf16" -> BF16;
            default -> throw new KernelConfigurationException("expected " + source + " to be 'fp32' or 'bf16', found '"
                + value + "'; use bf16 for mixed precision (bf16 matmul inputs, fp32 accumulation) or unset it for fp32");
        };
    }
}
