package dev.hone.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed hone-tiny is reproducible: {@code models/hone-tiny/build.sh} itself, run with its committed
 * settings and {@code STOP_AFTER=20} (Debian's KJV text, tokenizer training, seeded model init, the 240-step
 * schedule of {@code hone pretrain} cut after 20 steps), gives bitwise the losses, accuracies, learning rates and
 * gradient norms of the first 20 lines of the committed {@code train_log.jsonl} (written by Jackson with
 * {@code Double.toString}, so every value round-trips exactly), the text hash the model card names and the
 * committed tokenizer files. The {@code hone} commands run in child JVMs on this test's class path. About 20
 * real training steps (batch 8 × 512 tokens): a minute or two on 2 cores. Skipped, saying why, where the
 * {@code bible} reader of Debian's {@code bible-kjv}/{@code bible-kjv-text} is not installed ({@code .ci/run}
 * installs it) and where the JVM's preferred vector width is not the build machine's 512 bits: the Vector API
 * softmax sums its lanes, so a 256-bit machine rounds some attention probabilities differently (measured: equal
 * losses for 20 steps, gradient norms 1–2 ulps apart at steps 13 and 15). The result does not depend on the
 * thread count.
 */
class HoneTinyReproductionTest {
    private static final Path MODEL = Path.of("..", "models", "hone-tiny").toAbsolutePath().normalize();
    private static final int STEPS = 20;
    /** The Vector API width of the machine that built the committed model (the softmax sum order follows it). */
    private static final int BUILT_WITH_VECTOR_BITS = 512;
    private static final String KJV_SHA256 = "4209f0a0a7f9c06552ca1800347e464f54195b9ff5df16bdc951d3a2d6fdd88e";
    private static final List<String> EXACT_FIELDS = List.of("step", "loss", "accuracy", "tokens", "trained_tokens",
            "learning_rate", "grad_norm", "epoch", "total_steps");

    @TempDir
    Path tmp;

    @Test
    void buildScriptReproducesTheFirstTwentyCommittedStepsBitwise() throws IOException, InterruptedException {
        assumeTrue(onPath("bible"), "skipped: the hone-tiny reproduction check needs Debian's KJV text; install it"
                + " with 'apt-get install bible-kjv' (the bible reader, which pulls in bible-kjv-text)");
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assumeTrue(bits == BUILT_WITH_VECTOR_BITS, "skipped: hone-tiny's train_log.jsonl was made with "
                + BUILT_WITH_VECTOR_BITS + "-bit vectors (AVX-512) and this JVM's preferred float vector has " + bits
                + " bits; the attention softmax sums lanes of that width, so the losses would differ in the last bits."
                + " Run it on an AVX-512 machine");
        Path work = tmp.resolve("work");
        Path log = tmp.resolve("build.log");
        ProcessBuilder pb = new ProcessBuilder("bash", MODEL.resolve("build.sh").toString());
        pb.environment().keySet().removeAll(settingNames());
        pb.environment().remove("HONE_JAVA_OPTS");
        pb.environment().put("HONE", launcher().toString());
        pb.environment().put("WORK", work.toString());
        pb.environment().put("OUT", tmp.resolve("out").toString());
        pb.environment().put("STOP_AFTER", Integer.toString(STEPS));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process build = pb.start();
        if (!build.waitFor(30, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new AssertionError("build.sh did not finish in 30 minutes (a hang, not a speed check):\n"
                    + Files.readString(log));
        }
        assertEquals(0, build.exitValue(), "build.sh failed:\n" + Files.readString(log));
        assertEquals(KJV_SHA256, Files.readString(work.resolve("kjv.sha256")).strip(),
                "the extracted text differs from the model card's (another bible-kjv-text version?)");
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            assertArrayEquals(Files.readAllBytes(MODEL.resolve(f)),
                    Files.readAllBytes(work.resolve("tokenizer").resolve(f)),
                    "hone tokenizer train no longer writes the committed " + f);
        }
        assertTrue(Files.notExists(tmp.resolve("out")), "STOP_AFTER writes no model");

        List<JsonNode> rerun = jsonLines(work.resolve("train_log.jsonl"));
        List<JsonNode> committed = jsonLines(MODEL.resolve("train_log.jsonl"));
        assertEquals(STEPS, rerun.size(), Files.readString(log));
        for (int i = 0; i < STEPS; i++) {
            for (String field : EXACT_FIELDS) {
                JsonNode want = committed.get(i).path(field);
                JsonNode got = rerun.get(i).path(field);
                assertTrue(want.isNumber(), "committed line " + (i + 1) + " lacks " + field);
                assertEquals(Double.doubleToRawLongBits(want.asDouble()), Double.doubleToRawLongBits(got.asDouble()),
                        "step " + (i + 1) + " " + field + ": committed " + want + ", rerun " + got);
            }
        }
    }

    /**
     * The variables build.sh reads its settings from ({@code NAME=${NAME:-default}}), so that none leaks in
     * from this test's environment and the run uses the committed defaults.
     */
    private static List<String> settingNames() throws IOException {
        Pattern setting = Pattern.compile("^([A-Z_]+)=\\$\\{\\1:-.*");
        List<String> names = Files.readAllLines(MODEL.resolve("build.sh")).stream().map(setting::matcher)
                .filter(Matcher::matches).map(m -> m.group(1)).toList();
        assertTrue(names.containsAll(List.of("STEPS", "BATCH", "SEQ", "LR", "SEED", "VOCAB")), "found " + names);
        return names;
    }

    /**
     * A {@code hone} launcher like the repository's (JVM flags, {@code HONE_JAVA_OPTS}, which build.sh sets to
     * pin the kernel backend), on this test's class path instead of the packaged jar.
     */
    private Path launcher() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "#!/usr/bin/env bash\nexec '" + java + "' --add-modules jdk.incubator.vector"
                + " --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC ${HONE_JAVA_OPTS:-} -cp '"
                + System.getProperty("java.class.path") + "' dev.hone.server.cli.HoneCommand \"$@\"\n";
        Path path = tmp.resolve("hone");
        Files.writeString(path, script);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new AssertionError("not JSON in " + file + ": " + l, e);
            }
        }).toList();
    }
}
