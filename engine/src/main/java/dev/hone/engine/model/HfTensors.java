package dev.hone.engine.model;

import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.model.gpt2.Gpt2Weights;
import dev.hone.engine.model.llama.LlamaWeights;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's base parameters under Hugging Face names and layouts, ready for
 * {@code io.SafetensorsWriter}: what a full fine-tune saves so other tools can load it. The inverse
 * of the loaders (GPT-2 Conv1D weights are transposed back to (C, OC)). LoRA tensors are left out
 * (they are saved by {@code lora.PeftAdapter}).
 */
public final class HfTensors {
    private HfTensors() {
    }

    /** Base parameters in model order, each a copy in the stored layout. */
    public static List<NamedTensor> of(CausalLm model) {
        boolean gpt2 = model.config().family() == ModelConfig.Family.GPT2;
        List<NamedTensor> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            if (p.name().contains(".lora_")) {
                continue;
            }
            if (gpt2 && Gpt2Weights.isConv1d(p.name())) {
                int oc = p.shape()[0];
                int c = p.shape()[1];
                float[] d = p.floats();
                float[] t = new float[p.size()];
                for (int o = 0; o < oc; o++) {
                    for (int i = 0; i < c; i++) {
                        t[i * oc + o] = d[o * c + i];
                    }
                }
                out.add(new NamedTensor(Gpt2Weights.hfName(p.name()), new long[] {c, oc}, t));
            } else {
                long[] shape = new long[p.shape().length];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = p.shape()[i];
                }
                String name = gpt2 ? Gpt2Weights.hfName(p.name()) : LlamaWeights.hfName(p.name());
                out.add(new NamedTensor(name, shape, p.data() != null ? p.data().clone() : p.floats()));
            }
        }
        return out;
    }
}
