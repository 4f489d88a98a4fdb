package dev.hone.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.model.ModelLoader;
import dev.hone.engine.template.ChatEncoder;
import dev.hone.engine.template.EncodedChat;
import dev.hone.engine.tokenizer.ByteLevelBpeTrainer;
import dev.hone.engine.tokenizer.TokenizerWriter;
import dev.hone.engine.train.ModelInit;
import dev.hone.server.models.BundledModels;
import dev.hone.server.models.ModelDirectories;
import dev.hone.server.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code hone models}: usable base models, skipped directories with their reason, and the aliases' targets. */
public class ModelsCommandTest {
    @TempDir
    Path tmp;

    /** A tiny usable model directory: config.json, fp32 weights, a tokenizer. */
    public static void model(Path dir) throws IOException {
        ModelInit.write(ModelConfig.llama(300, 16, 1, 2, 1, 24, 32, true), 1, dir);
        TokenizerWriter.write(dir, ByteLevelBpeTrainer.train(List.of("hello world hello"), 4,
                List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"), 1), null, "<|im_end|>");
    }

    private String run(Map<String, String> env) {
        ModelsCommand command = new ModelsCommand();
        command.env = env;
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("--home", tmp.resolve("home").toString()));
        return out.toString();
    }

    @Test
    void listsUsableModelsAndSaysWhyOthersAreSkipped() throws IOException {
        Path user = tmp.resolve("user");
        Path bundled = tmp.resolve("bundled");
        model(user.resolve("my-llama"));
        model(bundled.resolve("hone-tiny"));
        model(bundled.resolve("my-llama"));
        Files.createDirectories(user.resolve("empty"));
        Files.createDirectories(user.resolve("bert"));
        Files.writeString(user.resolve("bert/config.json"), "{\"architectures\": [\"BertModel\"]}");
        model(user.resolve("no-tokenizer"));
        Files.delete(user.resolve("no-tokenizer/tokenizer.json"));
        model(user.resolve("pytorch-bin"));
        Files.move(user.resolve("pytorch-bin/model.safetensors"), user.resolve("pytorch-bin/pytorch_model.bin"));

        String out = run(Map.of("HONE_MODELS", user.toString(), "HONE_BUNDLED_MODELS", bundled.toString()));
        assertTrue(out.contains("my-llama") && out.contains("hone-tiny") && out.contains("LlamaForCausalLM"), out);
        assertTrue(out.contains("Base models (2)"), out);
        assertTrue(out.contains("empty: no config.json"), out);
        assertTrue(out.contains("bert: unsupported architecture 'BertModel'"), out);
        assertTrue(out.contains("no-tokenizer: no tokenizer.json"), out);
        assertTrue(out.contains("pytorch-bin: no *.safetensors"), out);
        assertTrue(out.contains("my-llama: the name is already taken by " + user.resolve("my-llama")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("gpt-4o-mini ") && l.contains("-> hone-tiny (SmolLM2")), out);

        String none = run(Map.of("HONE_MODELS", tmp.resolve("nothing").toString(), "HONE_BUNDLED_MODELS", ""));
        assertTrue(none.contains("Base models (0)") && none.contains("does not exist"), none);
        assertTrue(none.contains("none installed (add SmolLM2-135M-Instruct or hone-tiny)"), none);
        assertFalse(none.contains("Skipped"), none);
    }

    @Test
    void theBundledHoneTinyIsFoundWithoutConfigurationAndLoads() {
        Path bundled = BundledModels.locate();
        assertTrue(bundled != null && Files.isDirectory(bundled.resolve("hone-tiny")), "found: " + bundled);
        ModelDirectories.Found tiny = ModelDirectories.scan(List.of(bundled)).find("hone-tiny");
        assertEquals("LlamaForCausalLM", tiny.architecture());
        assertEquals(4096, tiny.vocab());
        assertEquals(512, tiny.context());
        CausalLm model = ModelLoader.load(tiny.dir(), BaseWeights.FROZEN);
        assertEquals(4, model.config().L());
        EncodedChat chat = ChatEncoder.load(tiny.dir()).encode(List.of(
                Map.of("role", "user", "content", "Hi"), Map.of("role", "assistant", "content", "Hello")), List.of());
        assertEquals(1, chat.ids()[0], "ChatML: <|im_start|> is id 1");
    }

    @Test
    void aliasesTrainTheirOwnBaseWhenInstalledElseHoneTiny() throws IOException {
        Path user = tmp.resolve("user");
        Path bundled = tmp.resolve("bundled");
        model(bundled.resolve("hone-tiny"));
        ModelRegistry registry = new ModelRegistry(null, List.of(user, bundled));
        assertEquals(Optional.of(bundled.resolve("hone-tiny")), registry.baseModelDir("gpt-4o-mini"));
        assertEquals(Optional.of(bundled.resolve("hone-tiny")), registry.baseModelDir("davinci-002"));
        model(user.resolve("SmolLM2-135M-Instruct"));
        assertEquals(Optional.of(user.resolve("SmolLM2-135M-Instruct")),
                registry.baseModelDir("gpt-4o-mini-2024-07-18"));
        assertEquals(Optional.of(bundled.resolve("hone-tiny")), registry.baseModelDir("hone-tiny"));
        assertEquals(Optional.empty(), registry.baseModelDir("no-such-model"));
    }
}
