package dev.hone.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.kernel.Precision;
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
import java.util.function.Supplier;

/**
 * Mixed precision ({@code hone.precision=bf16}) trains like fp32, and training is bitwise repeatable
 * on whichever backend this run selected (oneDNN where its natives load) at a fixed thread count.
 * The bf16 tolerance, 2 % of the fp32 loss at every step: bf16 keeps 8 significant bits, so every
 * matmul input carries a relative error of up to 2⁻⁹ ≈ 0.2 %, and these errors are unbiased (round to
 * nearest even), so the loss moves by about that much and the trajectories drift apart only slowly
 * (measured here: at most 0.15 % over 30 steps at lr 3e-3, loss falling from 3.9 to 0.1). 2 % leaves
 * ten times that for other machines' summation orders, while a real fault (stale bf16 weights after
 * an optimizer step, a form fed the wrong operand) moves the curve by far more within a few steps.
 * (At a larger lr the tiny model memorises its batch chaotically near zero loss, where any rounding
 * change, fp32 or bf16, reorders the spikes; that regime tests nothing about precision.)
 */
class MixedPrecisionTrainingTest {
    private static final int STEPS = 30;

    private static float[] losses(Supplier<CausalLm> build, Precision precision) {
        float[] losses = new float[STEPS];
        Precision.runWith(precision, () -> {
            CausalLm model = build.get();
            Batch batch = ModelGradCheck.packedBatch(model.config().V());
            List<TrainableTensor> tensors = new ArrayList<>();
            for (Parameter p : model.parameters().trainable()) {
                tensors.add(new TrainableTensor(p.name(), p.data(), p.grad(), false));
            }
            AdamW adamw = new AdamW(new AdamWConfig(0.9, 0.99, 1e-8, 0), tensors);
            for (int s = 0; s < STEPS; s++) {
                model.zeroGrad();
                losses[s] = model.forward(batch).loss();
                model.backward();
                adamw.step(3e-3);
            }
        });
        return losses;
    }

    private static CausalLm llama() {
        LlamaModel m = new LlamaModel(ModelConfig.llama(50, 64, 2, 4, 2, 128, 16, false), BaseWeights.TRAINABLE);
        ModelInit.randomize(m, 11);
        return m;
    }

    private static CausalLm llamaLora() {
        LlamaModel m = new LlamaModel(ModelConfig.llama(50, 64, 2, 4, 2, 128, 16, false), BaseWeights.FROZEN);
        ModelInit.randomize(m, 13);
        Lora.attach(m, new LoraConfig(8, 16, 0, LoraConfig.LLAMA_TARGETS, 14));
        return m;
    }

    private static CausalLm gpt2() {
        Gpt2Model m = new Gpt2Model(ModelConfig.gpt2(50, 64, 2, 4, 16), BaseWeights.TRAINABLE);
        ModelInit.randomize(m, 12);
        return m;
    }

    @Test
    void bf16LossCurvesStayWithinToleranceOfFp32() {
        for (var family : List.<Supplier<CausalLm>>of(MixedPrecisionTrainingTest::llama, MixedPrecisionTrainingTest::gpt2)) {
            float[] fp32 = losses(family, Precision.FP32);
            float[] bf16 = losses(family, Precision.BF16);
            assertTrue(fp32[STEPS - 1] < fp32[0] / 2, "the fp32 run learns: " + fp32[0] + " -> " + fp32[STEPS - 1]);
            boolean differs = false;
            for (int s = 0; s < STEPS; s++) {
                double tol = 0.02 * fp32[s];
                assertTrue(Math.abs(bf16[s] - fp32[s]) <= tol, "step " + s + ": fp32 " + fp32[s] + ", bf16 " + bf16[s]);
                differs |= bf16[s] != fp32[s];
            }
            assertTrue(differs, "bf16 must actually round: identical curves mean the precision was ignored");
        }
    }

    @Test
    void bf16LoraTrainsLikeFp32AndRepeatsBitwise() {
        // the frozen base with adapters on every projection: held inputs, B·h added inside the GEMM
        float[] fp32 = losses(MixedPrecisionTrainingTest::llamaLora, Precision.FP32);
        float[] bf16 = losses(MixedPrecisionTrainingTest::llamaLora, Precision.BF16);
        assertTrue(fp32[STEPS - 1] < 0.9f * fp32[0], "the fp32 LoRA run learns: " + fp32[0] + " -> " + fp32[STEPS - 1]);
        boolean differs = false;
        for (int s = 0; s < STEPS; s++) {
            assertTrue(Math.abs(bf16[s] - fp32[s]) <= 0.02 * fp32[s], "step " + s + ": fp32 " + fp32[s] + ", bf16 "
                + bf16[s]);
            differs |= bf16[s] != fp32[s];
        }
        assertTrue(differs, "bf16 must actually round: identical curves mean the precision was ignored");
        assertArrayEquals(bf16, losses(MixedPrecisionTrainingTest::llamaLora, Precision.BF16), "bf16 LoRA repeats");
    }

    @Test
    void sameSeedTwiceGivesBitwiseTheSameLosses() {
        for (Precision p : Precision.values()) {
            assertArrayEquals(losses(MixedPrecisionTrainingTest::llama, p), losses(MixedPrecisionTrainingTest::llama, p),
                p.toString());
        }
    }
}
