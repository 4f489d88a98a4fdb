package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

/** Backend and precision selection: auto falls back, native insists, vector never loads natives. */
class KernelsTest {
    private static final Supplier<Dnnl> UNLOADABLE = () -> {
        throw new UnsatisfiedLinkError("no jnidnnl in java.library.path");
    };
    private static final Supplier<Dnnl> MUST_NOT_LOAD = () -> {
        throw new AssertionError("natives must not be loaded for this setting");
    };

    @Test
    void autoFallsBackToTheVectorApiAndKeepsTheReason() {
        for (String auto : new String[] {"auto", "", " AUTO ", null}) {
            Kernels.Choice c = Kernels.choose(auto, UNLOADABLE);
            assertEquals(Kernels.Backend.VECTOR, c.backend(), "setting '" + auto + "'");
            assertNull(c.dnnl());
            assertTrue(c.fallbackReason().contains("no jnidnnl"), c.fallbackReason());
        }
    }

    @Test
    void autoAlsoFallsBackWhenASymbolIsMissing() {
        Kernels.Choice c = Kernels.choose("auto", () -> {
            throw new IllegalArgumentException("symbol dnnl_sgemm not found in libdnnl.so.3");
        });
        assertEquals(Kernels.Backend.VECTOR, c.backend());
    }

    @Test
    void forcedNativeThatCannotLoadIsAClearConfigurationError() {
        KernelConfigurationException e = assertThrows(KernelConfigurationException.class,
            () -> Kernels.choose("native", UNLOADABLE));
        assertTrue(e.getMessage().contains("hone.kernels=native"), e.getMessage());
        assertTrue(e.getMessage().contains("no jnidnnl"), e.getMessage());
        assertTrue(e.getMessage().contains("=vector"), "names the fix: " + e.getMessage());
    }

    @Test
    void vectorAndScalarNeverTouchTheNatives() {
        assertEquals(Kernels.Backend.VECTOR, Kernels.choose("vector", MUST_NOT_LOAD).backend());
        assertEquals(Kernels.Backend.SCALAR, Kernels.choose("scalar", MUST_NOT_LOAD).backend());
    }

    @Test
    void unknownBackendOrPrecisionIsRejectedWithTheChoices() {
        KernelConfigurationException e = assertThrows(KernelConfigurationException.class,
            () -> Kernels.choose("gpu", MUST_NOT_LOAD));
        assertTrue(e.getMessage().contains("'auto', 'native', 'vector' or 'scalar'"), e.getMessage());
        KernelConfigurationException p = assertThrows(KernelConfigurationException.class,
            () -> Precision.parse("fp16", "system property hone.precision"));
        assertTrue(p.getMessage().contains("'fp32' or 'bf16'"), p.getMessage());
        assertEquals(Precision.BF16, Precision.parse(" BF16 ", "test"));
        assertEquals(Precision.FP32, Precision.parse(null, "test"));
    }

    @Test
    void nativesLoadWhereTheyShipAndCarryTheMatmuls() {
        NativeSupport.dnnl();
        assertTrue(Kernels.nativeMatmuls());
        assertEquals("native-onednn", Kernels.backend());
    }

    @Test
    void precisionOverrideIsScopedToTheCall() {
        Precision outside = Precision.current();
        Precision.runWith(Precision.BF16, () -> assertEquals(Precision.BF16, Precision.current()));
        assertEquals(outside, Precision.current());
    }
}
