package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hone.engine.io.DType;
import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.io.SafetensorsWriter;
import dev.hone.engine.io.TensorStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Saving a model under HF names gives back the very tensors it was loaded from. */
class HfTensorsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen3", "gpt2"})
    void exportIsTheInverseOfLoading(String name) throws Exception {
        Path src = GoldenTest.fixture(name);
        CausalLm model = ModelLoader.load(src, BaseWeights.FROZEN);
        List<NamedTensor> tensors = HfTensors.of(model);
        Files.copy(src.resolve("config.json"), tmp.resolve("config.json"));
        SafetensorsWriter.write(tmp.resolve("model.safetensors"), tensors, DType.F32, Map.of());
        try (TensorStore a = TensorStore.open(src); TensorStore b = TensorStore.open(tmp)) {
            assertEquals(new TreeSet<>(a.names()), new TreeSet<>(b.names()));
            for (String n : a.names()) {
                assertArrayEquals(a.shape(n), b.shape(n), n);
                assertArrayEquals(a.floats(n), b.floats(n), 0f, n);
            }
        }
    }
}
