package dev.hone.engine.model.gpt2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelGradCheck;
import org.junit.jupiter.api.Test;

/** Whole tiny GPT-2 models: gradients by finite differences and per-example learned positions. */
class Gpt2ModelTest {
    private static final ModelConfig TINY = ModelConfig.gpt2(11, 8, 2, 2, 8);

    @Test
    void gradientsMatchFiniteDifferences() {
        Gpt2Model m = new Gpt2Model(TINY, BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(m, 1);
        ModelGradCheck.check(m, ModelGradCheck.packedBatch(11), 6);
    }

    @Test
    void packedExampleUsesItsOwnPositions() {
        Gpt2Model packed = new Gpt2Model(TINY, BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(packed, 3);
        Batch b = ModelGradCheck.packedBatch(11);
        packed.forward(b);
        float[] logits = packed.logits().clone();
        Gpt2Model alone = new Gpt2Model(TINY, BaseWeights.TRAINABLE);
        for (int i = 0; i < packed.parameters().all().size(); i++) {
            float[] src = packed.parameters().all().get(i).data();
            System.arraycopy(src, 0, alone.parameters().all().get(i).data(), 0, src.length);
        }
        int[] tokens = {b.tokens()[3], b.tokens()[4], b.tokens()[5]};
        alone.forward(Batch.of(1, 3, tokens, tokens));
        for (int i = 0; i < 3 * 11; i++) {
            assertEquals(alone.logits()[i], logits[3 * 11 + i], 1e-5f, "logit " + i);
        }
    }

    @Test
    void positionBeyondNPositionsIsRefused() {
        Gpt2Model m = new Gpt2Model(TINY, BaseWeights.TRAINABLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(Batch.of(1, 9, new int[9], new int[9])));
        assertEquals(true, e.getMessage().contains("n_positions 8"));
    }
}
