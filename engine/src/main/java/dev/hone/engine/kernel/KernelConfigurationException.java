package dev.hone.engine.kernel;

import dev.hone.engine.HoneException;

/** A kernel setting (thread count, backend choice) has a value the kernels cannot use. */
public final class KernelConfigurationException extends HoneException {
    public KernelConfigurationException(String message) {
        super(message);
    }
}
