package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;
import dev.hone.engine.optim.AdamW;
import dev.hone.engine.optim.AdamWConfig;
import dev.hone.engine.optim.TrainableTensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Training actually learns: a tiny model memorises a packed batch, fully or through LoRA alone. */
class OverfitTest {
    private static StepResult train(CausalLm model, Batch batch, int steps, double lr) {
        List<TrainableTensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters().trainable()) {
            tensors.add(new TrainableTensor(p.name(), p.data(), p.grad(), false));
        }
        AdamW adamw = new AdamW(new AdamWConfig(0.9, 0.99, 1e-8, 0), tensors);
        for (int s = 0; s < steps; s++) {
            model.zeroGrad();
            model.forward(batch);
            model.backward();
            adamw.step(lr);
        }
        return model.forward(batch);
    }

    @Test
    void fullFineTuningMemorisesTheBatch() {
        Batch batch = ModelGradCheck.packedBatch(11);
        LlamaModel llama = new LlamaModel(ModelConfig.llama(11, 16, 2, 2, 1, 32, 16, false), BaseWeights.TRAINABLE);
        ModelInit.randomize(llama, 1);
        StepResult r = train(llama, batch, 150, 1e-2);
        assertTrue(r.loss() < 0.05, "llama loss " + r.loss());
        assertEquals(1f, r.accuracy(), 0f);
        Gpt2Model gpt2 = new Gpt2Model(ModelConfig.gpt2(11, 16, 2, 2, 8), BaseWeights.TRAINABLE);
        ModelInit.randomize(gpt2, 2);
        StepResult g = train(gpt2, batch, 150, 1e-2);
        assertTrue(g.loss() < 0.05, "gpt2 loss " + g.loss());
        assertEquals(1f, g.accuracy(), 0f);
    }

    @Test
    void loraAloneLowersTheLossOfAFrozenModel() {
        Batch batch = ModelGradCheck.packedBatch(11);
        LlamaModel llama = new LlamaModel(ModelConfig.llama(11, 16, 2, 2, 1, 32, 16, false), BaseWeights.FROZEN);
        ModelGradCheck.randomInit(llama, 3);
        float[] before = llama.parameters().get("h0.wq").data().clone();
        float start = llama.forward(batch).loss();
        Lora.attach(llama, new LoraConfig(4, 8, 0, LoraConfig.LLAMA_TARGETS, 1));
        StepResult r = train(llama, batch, 100, 1e-2);
        assertTrue(r.loss() < start / 4, "LoRA loss " + r.loss() + " from " + start);
        assertEquals(before[5], llama.parameters().get("h0.wq").data()[5], 0f, "the base stays frozen");
    }
}
