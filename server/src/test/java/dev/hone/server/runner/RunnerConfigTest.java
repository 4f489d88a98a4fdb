package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hone.engine.train.TrainingMethod;
import org.junit.jupiter.api.Test;

import java.util.Map;

/** {@code HONE_TRAINING_METHOD}: {@code auto} (the default) picks by base model size; lora and full are kept. */
class RunnerConfigTest {
    @Test
    void autoTrainsSmallModelsFullyAndLargeOnesWithLora() {
        RunnerConfig auto = RunnerConfig.fromEnv(Map.of());
        assertEquals(TrainingMethod.FULL, auto.methodFor(4_196_608L));
        assertEquals(TrainingMethod.FULL, auto.methodFor(99_999_999L));
        assertEquals(TrainingMethod.LORA, auto.methodFor(135_000_000L));
        assertEquals(TrainingMethod.LORA, RunnerConfig.fromEnv(Map.of("HONE_TRAINING_METHOD", "lora"))
                .methodFor(4_196_608L));
        assertEquals(TrainingMethod.FULL, RunnerConfig.fromEnv(Map.of("HONE_TRAINING_METHOD", "FULL"))
                .methodFor(7_000_000_000L));
        assertThrows(IllegalArgumentException.class,
                () -> RunnerConfig.fromEnv(Map.of("HONE_TRAINING_METHOD", "qlora")));
    }
}
