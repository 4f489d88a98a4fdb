package dev.hone.engine.train;

import dev.hone.engine.io.TensorStore;
import dev.hone.engine.kernel.WeightVersions;
import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraAdapter;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.model.Parameter;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Refills adapters that the trainer attached itself (with the run's seed, so LoRA dropout masks continue
 * exactly) from a checkpoint's PEFT {@code adapter_model.safetensors}. Writing, and loading an adapter for
 * inference, are {@link PeftAdapter}'s; this exists because {@link PeftAdapter#load} attaches new adapters
 * with its own dropout seed.
 */
final class PeftAdapterFiles {
    private PeftAdapterFiles() {
    }

    /**
     * Copies saved adapter weights into attached adapters of the same shape.
     *
     * @throws UnableToResumeException naming a tensor that is missing or misshapen
     */
    static void read(Lora lora, Path dir) {
        try (TensorStore store = TensorStore.openFile(dir.resolve(PeftAdapter.WEIGHTS))) {
            for (Map.Entry<String, LoraAdapter> e : lora.adapters().entrySet()) {
                for (Parameter p : List.of(e.getValue().a(), e.getValue().b())) {
                    String name = PeftAdapter.tensorName(e.getKey(), p == e.getValue().a() ? "lora_A" : "lora_B");
                    long[] shape = Arrays.stream(p.shape()).asLongStream().toArray();
                    if (!store.contains(name) || !Arrays.equals(store.shape(name), shape)) {
                        throw new UnableToResumeException("the adapter in " + dir + " lacks " + name + " "
                                + Arrays.toString(shape) + "; resume with the same LoRA rank and target modules");
                    }
                    System.arraycopy(store.floats(name), 0, p.data(), 0, p.size());
                    WeightVersions.changed(p.data());
                }
            }
        }
    }
}
