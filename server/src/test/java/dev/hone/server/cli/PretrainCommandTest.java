package dev.hone.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.model.ConfigReader;
import dev.hone.engine.template.ChatEncoder;
import dev.hone.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The hone-tiny build chain: hone tokenizer train, hone model init --tokenizer, hone pretrain. */
class PretrainCommandTest {
    private static final String TEXT = """
            In the beginning was the word, and the word was with the people of the town.
            The people walked to the river and the river ran to the sea. And it was good.
            """.repeat(30);

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

    @Test
    void tokenizerTrainWritesChatMlSpecialsTemplateAndBosEos() throws IOException {
        Path text = Files.writeString(tmp.resolve("a.txt"), TEXT);
        Result r = hone("tokenizer", "train", "--input", text.toString(), "--vocab", "300", "--out",
                tmp.resolve("tok").toString());
        assertEquals(0, r.exit(), r.err());
        Tokenizer tok = Tokenizer.load(tmp.resolve("tok"));
        assertEquals(300, tok.vocabSize());
        assertEquals(List.of(0, 1, 2), List.of(tok.tokenId("<|endoftext|>").getAsInt(),
                tok.tokenId("<|im_start|>").getAsInt(), tok.tokenId("<|im_end|>").getAsInt()));
        assertEquals(tok.tokenId("<|endoftext|>"), tok.bosId());
        assertEquals(tok.tokenId("<|im_end|>"), tok.eosId());
        assertTrue(tok.encode(" the river").length < " the river".length(), "merges learned from the text");
        JsonNode config = new ObjectMapper().readTree(tmp.resolve("tok/tokenizer_config.json").toFile());
        assertTrue(config.path("chat_template").asText().contains("<|im_start|>"));
        Result small = hone("tokenizer", "train", "--input", text.toString(), "--vocab", "100", "--out",
                tmp.resolve("x").toString());
        assertTrue(small.exit() == 2 && small.err().contains("at least 259"), small.err());
    }

    @Test
    void pretrainLowersTheLossAndWritesALoadableBf16Model() throws IOException {
        Path text = Files.writeString(tmp.resolve("a.txt"), TEXT);
        assertEquals(0, hone("tokenizer", "train", "--input", text.toString(), "--vocab", "320", "--out",
                tmp.resolve("tok").toString()).exit());
        Result init = hone("model", "init", "--arch", "llama", "--layers", "1", "--hidden", "32", "--heads", "2",
                "--vocab", "320", "--context", "64", "--tokenizer", tmp.resolve("tok").toString(), "--out",
                tmp.resolve("init").toString());
        assertEquals(0, init.exit(), init.err());
        Result r = hone("pretrain", "--model", tmp.resolve("init").toString(), "--text", text.toString(), "--steps",
                "12", "--batch-size", "4", "--seq-len", "32", "--learning-rate", "1e-2", "--log-json", "--out",
                tmp.resolve("tiny").toString());
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> steps = jsonLines(r.out());
        assertEquals(12, steps.size());
        assertEquals(4 * 31, steps.get(0).path("trained_tokens").asInt(), "every token of 4 windows is a target");
        assertTrue(steps.get(11).path("loss").asDouble() < steps.get(0).path("loss").asDouble() - 1, r.out());
        Path tiny = tmp.resolve("tiny");
        assertEquals(1, ConfigReader.read(tiny).L());
        String header = new String(Files.readAllBytes(tiny.resolve("model.safetensors")), 0, 200,
                StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("BF16"), header);
        ChatEncoder.load(tiny);
        assertEquals(Tokenizer.load(tmp.resolve("tok")).encode(TEXT).length, Tokenizer.load(tiny).encode(TEXT).length);
        Result missing = hone("pretrain", "--model", tmp.resolve("init").toString(), "--text",
                tmp.resolve("none.txt").toString(), "--out", tmp.resolve("y").toString());
        assertTrue(missing.exit() == 2 && missing.err().contains("none.txt"), missing.err());

        Result cut = hone("pretrain", "--model", tmp.resolve("init").toString(), "--text", text.toString(), "--steps",
                "12", "--batch-size", "4", "--seq-len", "32", "--learning-rate", "1e-2", "--log-json", "--stop-after",
                "5", "--out", tmp.resolve("cut").toString());
        assertEquals(0, cut.exit(), cut.err());
        List<JsonNode> first = jsonLines(cut.out());
        assertEquals(5, first.size(), cut.out());
        for (int i = 0; i < 5; i++) {
            assertEquals(steps.get(i).path("loss").asDouble(), first.get(i).path("loss").asDouble(),
                    "step " + (i + 1) + " of the cut run equals the full run's (same 12-step schedule)");
            assertEquals(12, first.get(i).path("total_steps").asInt());
        }
        assertTrue(cut.err().contains("stopped after 5 of 12 steps"), cut.err());
        assertTrue(Files.notExists(tmp.resolve("cut")), "a cut run writes no model");
        Result bad = hone("pretrain", "--model", tmp.resolve("init").toString(), "--text", text.toString(), "--steps",
                "12", "--stop-after", "13", "--out", tmp.resolve("z").toString());
        assertTrue(bad.exit() == 1 && bad.err().contains("--stop-after must be between 1 and --steps"), bad.err());
    }

    private static List<JsonNode> jsonLines(String out) {
        ObjectMapper json = new ObjectMapper();
        return out.lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
    }
}
