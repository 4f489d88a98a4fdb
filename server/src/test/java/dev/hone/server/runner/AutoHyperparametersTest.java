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
        AutoHyperparameters.Resolved r = AutoHyperparameters.resolve(hp, 10_000, TrainingMethod.FULL, 4096);
        assertEquals(new AutoHyperparameters.Resolved(20, 0.5, 2), r);
        assertEquals(20, hp.get("batch_size").intValue());
        assertEquals(2, hp.get("n_epochs").intValue());
        assertEquals(2.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.LORA, 2, 5000, 4096));
        assertEquals(1.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.LORA, 1, 5000, 4096));
        assertEquals(1.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.FULL, 4, 10, 4096));
    }

    /** Adam's best rate scales as 1/width: 4,096 wide keeps the base, narrower models get more, up to 16x. */
    @Test
    void narrowModelsGetAHigherAutoLearningRate() {
        assertEquals(1.0, AutoHyperparameters.widthFactor(8192));
        assertEquals(1.0, AutoHyperparameters.widthFactor(4096));
        assertEquals(4096.0 / 576, AutoHyperparameters.widthFactor(576));
        assertEquals(16.0, AutoHyperparameters.widthFactor(256));
        assertEquals(16.0, AutoHyperparameters.widthFactor(32));
        assertEquals(32.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.LORA, 1, 200, 256));
        assertEquals(16.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.FULL, 1, 200, 256));
        assertEquals(8.0, AutoHyperparameters.learningRateMultiplier(TrainingMethod.FULL, 1, 2000, 256));
        ObjectNode hp = JsonNodeFactory.instance.objectNode();
        hp.put("learning_rate_multiplier", "auto");
        AutoHyperparameters.resolve(hp, 200, TrainingMethod.LORA, 256);
        assertEquals(32.0, hp.get("learning_rate_multiplier").doubleValue());
    }
}
