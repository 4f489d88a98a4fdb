package dev.hone.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.model.ConfigReader;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code hone model init} then {@code hone train} on a tiny generated dataset, as a user would run them. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private record Result(int exit, String out, String err) {
    }

    private static Result hone(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HoneCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private Path init() {
        Path model = tmp.resolve("model");
        Result r = hone("model", "init", "--arch", "llama", "--layers", "1", "--hidden", "32", "--heads", "2",
                "--vocab", "320", "--context", "64", "--seed", "3", "--out", model.toString());
        assertEquals(0, r.exit(), r.err());
        return model;
    }

    @Test
    void initCreatesALoadableModelWithATokenizer() {
        Path model = init();
        ModelConfig config = ConfigReader.read(model);
        assertEquals(320, config.V());
        assertEquals(1, config.L());
        assertEquals(2, config.NH());
        assertEquals(1, config.KVH());
        Tokenizer tok = Tokenizer.load(model);
        assertTrue(tok.vocabSize() <= 320);
        assertEquals("Hello, world!", tok.decode(tok.encode("Hello, world!")));
        assertEquals(tok.tokenId("<|im_end|>"), tok.eosId());
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")));
        Result bad = hone("model", "init", "--arch", "bert", "--out", tmp.resolve("x").toString());
        assertTrue(bad.exit() != 0 && bad.err().contains("llama or gpt2"), bad.err());
    }

    @Test
    void trainLowersTheLossAndLogsOneJsonLinePerStep() throws IOException {
        Path model = init();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add("{\"prompt\": \"What is " + i + " plus " + i + "?\", \"completion\": \" It is " + (2 * i) + ".\"}");
            lines.add("{\"messages\": [{\"role\": \"user\", \"content\": \"Say hello " + i + "\"},"
                    + " {\"role\": \"assistant\", \"content\": \"Hello " + i + "!\"}]}");
        }
        Path data = tmp.resolve("train.jsonl");
        Files.write(data, lines);
        Path out = tmp.resolve("run");
        Result r = hone("train", "--model", model.toString(), "--data", data.toString(), "--validation",
                data.toString(), "--method", "full", "--epochs", "6", "--batch-size", "4", "--learning-rate", "1e-2",
                "--seq-len", "64", "--rows", "2", "--log-json", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> steps = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            JsonNode row = json.readTree(line);
            if (row.has("loss")) {
                for (String field : List.of("step", "loss", "accuracy", "tokens", "tokens_per_second")) {
                    assertTrue(row.has(field), field + " in " + line);
                }
                steps.add(row);
            }
        }
        assertEquals(12, steps.size(), "8 examples in steps of 4, 6 epochs");
        double first = steps.get(0).get("loss").asDouble();
        double last = steps.get(steps.size() - 1).get("loss").asDouble();
        assertTrue(last < first - 1.0, first + " -> " + last);
        assertTrue(Files.isRegularFile(out.resolve("final/model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("final/tokenizer.json")));
        assertTrue(r.err().contains("done: 12 steps"), r.err());
    }

    @Test
    void loraRunWritesAPeftAdapterAndResumeContinuesIt() throws IOException {
        Path model = init();
        Path data = tmp.resolve("train.jsonl");
        Files.write(data, List.of("{\"prompt\": \"a\", \"completion\": \" b\"}", "{\"prompt\": \"c\", \"completion\": \" d\"}"));
        Path out = tmp.resolve("lora");
        String[] args = {"train", "--model", model.toString(), "--data", data.toString(), "--epochs", "2",
            "--batch-size", "1", "--seq-len", "16", "--log-json", "--out", out.toString()};
        Result r = hone(args);
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("final/adapter_model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("final/adapter_config.json")));
        Path out2 = tmp.resolve("lora2");
        List<String> resumed = new ArrayList<>(List.of(args));
        resumed.set(resumed.indexOf(out.toString()), out2.toString());
        resumed.addAll(List.of("--resume", out.resolve("checkpoints/step-2").toString()));
        Result r2 = hone(resumed.toArray(String[]::new));
        assertEquals(0, r2.exit(), r2.err());
        assertArrayEquals(Files.readAllBytes(out.resolve("final/adapter_model.safetensors")),
                Files.readAllBytes(out2.resolve("final/adapter_model.safetensors")));
        Result missing = hone("train", "--model", model.toString(), "--data", tmp.resolve("nope.jsonl").toString(),
                "--out", out.toString());
        assertTrue(missing.exit() == 2 && missing.err().contains("nope.jsonl"), missing.err());
    }
}
