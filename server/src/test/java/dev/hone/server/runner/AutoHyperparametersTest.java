package dev.hone.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.train.TrainingMethod;
import org.junit.jupiter.api.Test;

/** The {@code "auto"} rules: reference §5.1's worked values for epochs, the documented batch and multiplier rules. */
class AutoHyperparametersTest {
    @Test
    void epochsFollowTheCookbookHeuristic() {
        int[][] worked = {{4, 25}, {5, 20}, {10, 10}, {20, 5}, {33, 3}, {100, 3}, {9000, 2}, {20000, 1}, {1, 25}};
        for (int[] w : worked) {
            assertEquals(w[1], AutoHyperparameters.epochs(w[0]), "n=" + w[0]);
        }
    }

    @Test
    void batchSizeIsATwoTenthsOfAPercentWithinBounds() {
        assertEquals(1, AutoHyperparameters.batchSize(10));
        assertEquals(1, AutoHyperparameters.batchSize(500));
        assertEquals(2, AutoHyperparameters.batchSize(501));
        assertEquals(20, AutoHyperparameters.batchSize(10_000));
        assertEquals(256, AutoHyperparameters.batchSize(1_000_000));
    }

    @Test
    void givenValuesAreKeptAndAutoOnesResolvedInPlace() {
        ObjectNode hp = JsonNodeFactory.instance.objectNode();
        hp.put("batch_size", "auto");
        hp.put("learning_rate_multiplier", 0.5);
        hp.put("n_epochs", "auto");
        AutoHyperparameters.Resolved r = AutoHyperparameters.resolve(hp, 10_000, TrainingMethod.FULL, 7_000_000_000L);
        assertEquals(new AutoHyperparameters.Resolved(20, 0.5, 2), r);
        assertEquals(20, hp.get("batch_size").intValue());
        assertEquals(2, hp.get("n_epochs").intValue());
        assertEquals(2.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.LORA, 2, 5000, 7_000_000_000L));
        assertEquals(1.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.LORA, 1, 5000, 7_000_000_000L));
        assertEquals(1.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.FULL, 4, 10, 7_000_000_000L));
    }

    /** Smaller models get a higher auto rate: 1x at 1B+, about 5x at GPT-2 small, 68x at hone-tiny, at most 100x. */
    @Test
    void smallerModelsGetAHigherAutoLearningRate() {
        assertEquals(1.0, AutoHyperparameters.sizeFactor(7_000_000_000L));
        assertEquals(1.0, AutoHyperparameters.sizeFactor(1_000_000_000L));
        assertEquals(5.0, AutoHyperparameters.sizeFactor(124_000_000L));
        assertEquals(67.7, AutoHyperparameters.sizeFactor(4_196_608L));
        assertEquals(100.0, AutoHyperparameters.sizeFactor(20_000L));
        assertEquals(135.4, AutoHyperparameters.learningRateMultiplier(TrainingMethod.LORA, 1, 200, 4_196_608L));
        assertEquals(67.7, AutoHyperparameters.learningRateMultiplier(TrainingMethod.FULL, 1, 200, 4_196_608L));
        assertEquals(33.85, AutoHyperparameters.learningRateMultiplier(TrainingMethod.FULL, 1, 2000, 4_196_608L));
        ObjectNode hp = JsonNodeFactory.instance.objectNode();
        hp.put("learning_rate_multiplier", "auto");
        AutoHyperparameters.resolve(hp, 200, TrainingMethod.FULL, 4_196_608L);
        assertEquals(67.7, hp.get("learning_rate_multiplier").doubleValue());
    }
}
