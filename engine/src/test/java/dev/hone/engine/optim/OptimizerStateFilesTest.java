package dev.hone.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Saving AdamW state and resuming from it continues bit for bit as if never interrupted. */
class OptimizerStateFilesTest {
    @TempDir
    Path dir;

    /** A deterministic toy problem: two tensors, pseudo-random grads per step. */
    private static final class Run {
        final float[] w = new float[37];
        final float[] b = new float[5];
        final float[] gw = new float[37];
        final float[] gb = new float[5];
        final AdamW opt;

        Run() {
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            opt = new AdamW(new AdamWConfig(0.9, 0.999, 1e-8, 0.01),
                    List.of(new TrainableTensor("w", w, gw, true), new TrainableTensor("b", b, gb, false)));
        }

        void steps(int from, int to) {
            LrSchedule lr = new LrSchedule(1e-2, 2, 8, LrSchedule.Decay.LINEAR, 0);
            for (int s = from; s < to; s++) {
                SplittableRandom r = new SplittableRandom(100 + s);
                for (int i = 0; i < gw.length; i++) {
                    gw[i] = (float) r.nextGaussian();
                }
                for (int i = 0; i < gb.length; i++) {
                    gb[i] = (float) r.nextGaussian();
                }
                GradientClipping.clipGlobalNorm(List.of(gw, gb), 1f);
                opt.step(lr.lr(s));
            }
        }
    }

    @Test
    void resumeAfterSaveIsBitwiseIdenticalToAnUninterruptedRun() {
        Run straight = new Run();
        straight.steps(0, 8);

        Run first = new Run();
        first.steps(0, 3);
        OptimizerStateFiles.save(first.opt, dir);
        Run resumed = new Run();
        System.arraycopy(first.w, 0, resumed.w, 0, first.w.length);
        System.arraycopy(first.b, 0, resumed.b, 0, first.b.length);
        OptimizerStateFiles.restore(resumed.opt, dir);
        assertEquals(3, resumed.opt.stepCount());
        assertArrayEquals(first.opt.secondMoment(0), resumed.opt.secondMoment(0));
        resumed.steps(3, 8);

        assertArrayEquals(straight.w, resumed.w);
        assertArrayEquals(straight.b, resumed.b);
        assertArrayEquals(straight.opt.firstMoment(0), resumed.opt.firstMoment(0));
    }

    @Test
    void restoreRefusesStateSavedForOtherParameters() throws IOException {
        Run run = new Run();
        run.steps(0, 1);
        OptimizerStateFiles.save(run.opt, dir);
        AdamW other = new AdamW(AdamWConfig.torchDefaults(),
                List.of(new TrainableTensor("w", new float[36], new float[36], true),
                        new TrainableTensor("b", new float[5], new float[5], false)));
        UnableToLoadOptimizerStateException e = assertThrows(UnableToLoadOptimizerStateException.class,
                () -> OptimizerStateFiles.restore(other, dir));
        assertTrue(e.getMessage().contains("'w' (37 values)") && e.getMessage().contains("(36 values)"), e.getMessage());

        Files.writeString(dir.resolve(OptimizerStateFiles.JSON_FILE),
                Files.readString(dir.resolve(OptimizerStateFiles.JSON_FILE)).replace("\"step\" : 1", "\"step\" : 2"));
        e = assertThrows(UnableToLoadOptimizerStateException.class, () -> OptimizerStateFiles.restore(run.opt, dir));
        assertTrue(e.getMessage().contains("different saves"), e.getMessage());

        Files.delete(dir.resolve(OptimizerStateFiles.TENSORS));
        e = assertThrows(UnableToLoadOptimizerStateException.class, () -> OptimizerStateFiles.restore(run.opt, dir));
        assertTrue(e.getMessage().contains(OptimizerStateFiles.TENSORS), e.getMessage());
    }
}
