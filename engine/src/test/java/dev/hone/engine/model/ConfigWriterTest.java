package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.layer.RopeScaling;
import dev.hone.engine.model.llama.LlamaModel;
import org.junit.jupiter.api.Test;

/** config.json written for a ModelConfig reads back to the same config; random init is sensible. */
class ConfigWriterTest {
    private static ModelConfig roundTrip(ModelConfig c) throws Exception {
        return ConfigReader.parse(new ObjectMapper().readTree(ConfigWriter.json(c)));
    }

    @Test
    void everyFamilyRoundTrips() throws Exception {
        ModelConfig llama = ModelConfig.llama(100, 64, 2, 4, 2, 128, 512, true)
                .withRope(500000.0, new RopeScaling(8, 1, 4, 8192));
        assertEquals(llama, roundTrip(llama));
        ModelConfig gpt2 = ModelConfig.gpt2(100, 48, 2, 4, 64);
        assertEquals(gpt2, roundTrip(gpt2));
        ModelConfig biased = ModelConfig.llama(100, 64, 2, 4, 2, 128, 512, false).withQkvBias(true);
        ModelConfig read = roundTrip(biased);
        assertEquals(true, read.qkvBias());
        assertEquals(true, read.outputBias(), "Llama's attention_bias also biases o_proj");
    }

    @Test
    void randomInitGivesUnitGainsZeroBiasesAndSmallWeights() {
        LlamaModel m = new LlamaModel(ModelConfig.llama(50, 16, 2, 2, 1, 32, 32, false).withQkvBias(true), BaseWeights.TRAINABLE);
        ModelInit.randomize(m, 1);
        assertEquals(1f, m.parameters().get("h0.attn_norm").data()[3], 0f);
        assertEquals(0f, m.parameters().get("h1.bq").data()[2], 0f);
        double ss = 0;
        float[] w = m.parameters().get("h0.w1").data();
        for (float x : w) {
            ss += x * x;
        }
        assertEquals(0.02, Math.sqrt(ss / w.length), 0.003);
        float loss = m.forward(Batch.of(1, 4, new int[] {1, 2, 3, 4}, new int[] {2, 3, 4, 5})).loss();
        assertEquals(Math.log(50), loss, 0.05, "a fresh model predicts nearly uniformly");
    }
}
