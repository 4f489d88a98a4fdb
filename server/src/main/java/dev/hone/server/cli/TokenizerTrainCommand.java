package dev.hone.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.template.ChatTemplate;
import dev.hone.engine.tokenizer.ByteLevelBpe;
import dev.hone.engine.tokenizer.ByteLevelBpeTrainer;
import dev.hone.engine.tokenizer.TokenizerWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hone tokenizer train}: a byte-level BPE tokenizer learned from text files, written as a Hugging Face
 * {@code tokenizer.json} plus a {@code tokenizer_config.json} with BOS/EOS and the ChatML chat template. The
 * special tokens {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>} take ids 0, 1, 2. Not a
 * SentencePiece or Unigram trainer.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a byte-level BPE tokenizer (with ChatML special tokens) on text files.")
public final class TokenizerTrainCommand implements Callable<Integer> {
    static final List<String> SPECIAL_TOKENS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", required = true, arity = "1..*", description = "UTF-8 text files")
    private List<Path> inputs;

    @Option(names = "--vocab", required = true, description = "vocabulary size including the 256 byte tokens and"
            + " the special tokens (at least 259)")
    private int vocab;

    @Option(names = "--min-frequency", defaultValue = "2", description = "a pair is merged only when it occurs"
            + " this often (default ${DEFAULT-VALUE})")
    private int minFrequency;

    @Option(names = "--out", required = true, description = "directory receiving tokenizer.json and"
            + " tokenizer_config.json")
    private Path out;

    @Override
    public Integer call() {
        int specials = SPECIAL_TOKENS.size();
        if (vocab < 256 + specials) {
            spec.commandLine().getErr().println("hone tokenizer train: --vocab must be at least " + (256 + specials)
                    + " (256 bytes + " + specials + " special tokens); found " + vocab);
            return 2;
        }
        List<String> texts = new ArrayList<>();
        for (Path input : inputs) {
            try {
                texts.add(Files.readString(input, StandardCharsets.UTF_8));
            } catch (IOException e) {
                spec.commandLine().getErr().println("hone tokenizer train: cannot read " + input + " ("
                        + e.getMessage() + "); expected a readable UTF-8 text file");
                return 2;
            }
        }
        ByteLevelBpe bpe = ByteLevelBpeTrainer.train(texts, vocab - 256 - specials, SPECIAL_TOKENS, minFrequency);
        TokenizerWriter.write(out, bpe, "<|endoftext|>", "<|im_end|>");
        try {
            addChatTemplate(out.resolve("tokenizer_config.json"));
        } catch (IOException e) {
            spec.commandLine().getErr().println("hone tokenizer train: cannot add the chat template to " + out
                    + "/tokenizer_config.json (" + e.getMessage() + "); check the directory is writable");
            return 1;
        }
        spec.commandLine().getOut().printf("wrote %s: %d tokens (%d merges, %d special)%n", out,
                bpe.tokens().size(), bpe.merges().size(), specials);
        return 0;
    }

    private static void addChatTemplate(Path config) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(config.toFile());
        root.put("chat_template", ChatTemplate.CHATML);
        Path tmp = config.resolveSibling(config.getFileName() + ".tmp");
        json.writeValue(tmp.toFile(), root);
        Files.move(tmp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
