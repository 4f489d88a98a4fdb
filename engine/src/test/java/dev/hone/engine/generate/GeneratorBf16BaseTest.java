package dev.hone.engine.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hone.engine.io.DType;
import dev.hone.engine.kernel.Bf16Weight;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.Parameter;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * Generation from a model whose linear weights are stored bf16 equals generation from the same model
 * with those weights widened to fp32: the same tokens and bitwise the same logprobs, on the prompt
 * (several rows) and decode (one row) paths, sampled too.
 */
class GeneratorBf16BaseTest {
    private static final int MAXT = 40;
    private static final int[] PROMPT = {5, 17, 3, 60, 42, 9};

    /** Rounds every bf16-eligible weight of {@code m32} to bf16 in place and returns the bf16-stored twin. */
    private static CausalLm bf16Twin(CausalLm m32) {
        CausalLm m16 = m32.config().family() == ModelConfig.Family.GPT2
                ? new Gpt2Model(m32.config(), BaseWeights.FROZEN_BF16)
                : new LlamaModel(m32.config(), BaseWeights.FROZEN_BF16);
        for (Parameter p : m16.parameters()) {
            float[] src = m32.parameters().get(p.name()).data();
            if (p.bf16() != null) {
                Bf16Weight rounded = Bf16Weight.rounded(src, p.shape()[0], p.shape()[1]);
                System.arraycopy(rounded.bits(), 0, p.bf16().bits(), 0, src.length);
                System.arraycopy(rounded.toFloats(), 0, src, 0, src.length);
            } else {
                System.arraycopy(src, 0, p.data(), 0, src.length);
            }
        }
        return m16;
    }

    @Test
    void bf16WeightsGenerateExactlyWhatTheirFp32WideningGenerates() {
        for (CausalLm m32 : List.of(TinyModels.llama(11, MAXT), TinyModels.qwen(13, MAXT), TinyModels.gpt2(12, MAXT))) {
            CausalLm m16 = bf16Twin(m32);
            assertNotNull(m16.parameters().bytesByDtype().get(DType.BF16));
            for (double temperature : new double[] {0, 1}) {
                GenerationRequest req = GenerationRequest.builder(PROMPT).temperature(temperature).maxTokens(12)
                        .seed(5).logprobs(2).build();
                Choice expected = GeneratorTest.generator(m32).generate(req).choices().get(0);
                Choice actual = GeneratorTest.generator(m16).generate(req).choices().get(0);
                String what = m32.config().architecture() + " T=" + temperature;
                assertArrayEquals(expected.tokens(), actual.tokens(), what);
                assertEquals(expected.logprobs(), actual.logprobs(), what);
            }
        }
    }
}
