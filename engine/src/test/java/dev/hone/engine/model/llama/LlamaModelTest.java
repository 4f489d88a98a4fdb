package dev.hone.engine.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.layer.RopeScaling;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.Batch;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelGradCheck;
import dev.hone.engine.model.StepResult;
import org.junit.jupiter.api.Test;

/** Whole tiny Llama models: gradients by finite differences, packing isolation, grad accumulation. */
class LlamaModelTest {
    private static final ModelConfig GQA = ModelConfig.llama(11, 8, 2, 2, 1, 12, 16, false);

    @Test
    void gqaModelGradientsMatchFiniteDifferences() {
        LlamaModel m = new LlamaModel(GQA, BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(m, 1);
        ModelGradCheck.check(m, ModelGradCheck.packedBatch(11), 6);
    }

    @Test
    void qwen3StyleModelWithBiasesQkNormTiedAndScaledRope() {
        ModelConfig c = ModelConfig.llama(11, 8, 1, 2, 1, 12, 16, true).withQkvBias(true).withQkNorm(true)
                .withRope(500000.0, new RopeScaling(8, 1, 4, 8));
        LlamaModel m = new LlamaModel(c, BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(m, 2);
        ModelGradCheck.check(m, ModelGradCheck.packedBatch(11), 6);
    }

    @Test
    void llamaWithAttentionBiasOnAllFourProjections() {
        ModelConfig c = new ModelConfig(ModelConfig.Family.LLAMA, "LlamaForCausalLM", 11, 8, 1, 2, 2, 4, 12, 16,
                1e-5f, 10000.0, null, false, true, true, false, 0);
        LlamaModel m = new LlamaModel(c, BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(m, 7);
        ModelGradCheck.check(m, ModelGradCheck.packedBatch(11), 6);
        assertEquals(8, m.parameters().get("h0.bo").size());
    }

    @Test
    void packedExamplesGiveTheSameLogitsAsSeparateOnes() {
        LlamaModel packed = new LlamaModel(GQA, BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(packed, 3);
        Batch b = ModelGradCheck.packedBatch(11);
        packed.forward(b);
        float[] logits = packed.logits().clone();
        // the second example of row 0 (tokens 3..5) on its own
        LlamaModel alone = new LlamaModel(GQA, BaseWeights.TRAINABLE);
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
    void scaledBackwardsAccumulateAndZeroGradClears() {
        LlamaModel m = new LlamaModel(GQA, BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(m, 4);
        Batch b = ModelGradCheck.packedBatch(11);
        m.forward(b);
        m.backward();
        float[] once = m.parameters().get("h0.wq").grad().clone();
        m.zeroGrad();
        StepResult r = m.forward(b);
        m.backward(0.25f);
        assertThrows(IllegalStateException.class, () -> m.backward(0.75f));
        m.forward(b);
        m.backward(0.75f);
        assertArrayEquals(once, m.parameters().get("h0.wq").grad(), 1e-6f);
        assertEquals(9, r.weightedTokens());
        assertNotEquals(0f, r.loss());
        m.zeroGrad();
        assertEquals(0f, m.parameters().get("embed").grad()[0], 0f);
        assertThrows(IllegalArgumentException.class, () -> m.forward(Batch.of(1, 4, new int[4], new int[4])));
    }

    @Test
    void repeatedStepsAreBitwiseIdentical() {
        float[][] grads = new float[2][];
        float[] losses = new float[2];
        for (int run = 0; run < 2; run++) {
            LlamaModel m = new LlamaModel(GQA, BaseWeights.TRAINABLE);
            ModelGradCheck.randomInit(m, 6);
            losses[run] = m.forward(ModelGradCheck.packedBatch(11)).loss();
            m.backward();
            grads[run] = m.parameters().get("h1.wk").grad().clone();
        }
        assertEquals(Float.floatToIntBits(losses[0]), Float.floatToIntBits(losses[1]));
        assertArrayEquals(grads[0], grads[1], 0f);
    }

    @Test
    void idsOutsideTheVocabularyAreRefusedByPosition() {
        LlamaModel m = new LlamaModel(GQA, BaseWeights.TRAINABLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(Batch.of(1, 3, new int[] {1, 11, 2}, new int[] {0, 0, 0})));
        assertTrue(e.getMessage().contains("(b=0, t=1) has id 11"), e.getMessage());
        Batch masked = new Batch(1, 2, new int[] {1, 2}, new int[] {3, -100}, new int[] {0, 1}, new int[] {0, 0},
                new float[] {1, 0});
        assertEquals(1, m.forward(masked).weightedTokens(), "an unweighted target may be any value");
    }

    @Test
    void frozenModelKeepsNoGradsButStillRuns() {
        LlamaModel m = new LlamaModel(GQA, BaseWeights.FROZEN);
        ModelGradCheck.randomInit(m, 5);
        m.forward(ModelGradCheck.packedBatch(11));
        m.backward();
        assertEquals(0, m.parameters().trainable().size());
    }
}
