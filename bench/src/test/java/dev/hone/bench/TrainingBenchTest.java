package dev.hone.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Hone side of {@code bench/run-training-bench} on tiny shapes: it measures, it trains, it plots. */
class TrainingBenchTest {
    private static final String[] TINY_LLAMA = {"--arch", "llama", "--vocab", "256", "--hidden", "32", "--layers",
        "2", "--heads", "4", "--kv-heads", "2", "--intermediate", "64", "--batch", "2", "--seq", "16"};

    private static TrainingBenchOptions options(String mode, int steps, String... more) {
        String[] head = {"--mode", mode, "--warmup", "0", "--steps", Integer.toString(steps)};
        String[] all = new String[TINY_LLAMA.length + head.length + more.length];
        System.arraycopy(TINY_LLAMA, 0, all, 0, TINY_LLAMA.length);
        System.arraycopy(head, 0, all, TINY_LLAMA.length, head.length);
        System.arraycopy(more, 0, all, TINY_LLAMA.length + head.length, more.length);
        return TrainingBenchOptions.parse(all);
    }

    @Test
    void oneFullStepReportsTokensPerSecondRssAndTheLossOfARandomModel() {
        TrainingBench.Result r = TrainingBench.run(options("full", 1, "--label", "hone-fp32"));
        assertTrue(r.tokensPerSecond() > 0, "tokens/s " + r.tokensPerSecond());
        assertTrue(r.peakRssBytes() > 1 << 20, "peak RSS " + r.peakRssBytes());
        // A random model predicts nearly uniformly: the first loss is close to ln(V).
        assertEquals(Math.log(256), r.loss(), 0.2);
        assertTrue(r.line().startsWith("RESULT side=hone variant=hone-fp32 tokens_per_s="), r.line());
        assertTrue(r.line().contains(" peak_rss_mb="), r.line());
    }

    @Test
    void theBenchStepTrains() {
        // Same seed, same batch: without an update the loss would repeat bitwise; AdamW at lr 1e-4 lowers it.
        for (String mode : new String[] {"full", "lora"}) {
            double first = TrainingBench.run(options(mode, 1, "--lora-rank", "4")).loss();
            double later = TrainingBench.run(options(mode, 12, "--lora-rank", "4")).loss();
            double drop = mode.equals("full") ? 0.01 : 0;
            assertTrue(later < first - drop, mode + ": loss went from " + first + " to " + later + " on one batch");
        }
    }

    @Test
    void loraKeepsTheBaseInBf16AndCountsAdapterParameters() {
        TrainingBench.Result full = TrainingBench.run(options("full", 1));
        TrainingBench.Result lora = TrainingBench.run(options("lora", 1, "--lora-rank", "4"));
        // 7 adapters per layer, each r·(C + OC): q 32+32, k 32+16, v 32+16, o 32+32, gate/up 32+64, down 64+32.
        long adapters = 2L * 4 * (64 + 48 + 48 + 64 + 96 + 96 + 96);
        assertEquals(full.params() + adapters, lora.params());
    }

    @Test
    void optionsNameWhatIsWrong() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> options("full", 1, "--sequence", "5"));
        assertTrue(unknown.getMessage().contains("--sequence"), unknown.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> options("full", 1, "--seq", "4096", "--context", "1024"));
        assertTrue(tooLong.getMessage().contains("--context"), tooLong.getMessage());
    }

    @Test
    void plotDrawsBothSweepsAndRefusesAShortRow(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("scaling.csv");
        Files.writeString(csv, """
                sweep,model,params,batch,seq,method,variant,tokens_per_s,peak_rss_mb,status
                seq,m,1000000,1,256,full,hone-fp32,120.5,300,ok
                seq,m,,1,4096,full,hone-fp32,,900,oom
                size,a,1000000,1,512,full,hone-fp32,200,300,ok
                size,b,9000000,1,512,full,hone-fp32,50,600,ok
                """);
        BufferedImage img = ScalingPlot.render(ScalingPlot.read(csv));
        assertEquals(2, ScalingPlot.read(csv).stream().filter(p -> p.sweep().equals("size")).count());
        int colored = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colored += rgb == 0x1f77b4 ? 1 : 0;
            }
        }
        assertTrue(colored > 50, "the first series' colour covers " + colored + " pixels");
        Files.writeString(csv, "header\nseq,m,1\n");
        IOException bad = assertThrows(IOException.class, () -> ScalingPlot.read(csv));
        assertTrue(bad.getMessage().contains("seq,m,1"), bad.getMessage());
    }
}
