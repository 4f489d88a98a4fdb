package dev.hone.server.cli;

import dev.hone.engine.model.ModelConfig;
import dev.hone.engine.tokenizer.ByteLevelBpe;
import dev.hone.engine.tokenizer.ByteLevelBpeTrainer;
import dev.hone.engine.tokenizer.Tokenizer;
import dev.hone.engine.tokenizer.TokenizerWriter;
import dev.hone.engine.train.HfModelFiles;
import dev.hone.engine.train.ModelInit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hone model init}: a randomly initialised Llama or GPT-2 model directory in Hugging Face format
 * (config.json, model.safetensors, a byte-level BPE tokenizer.json trained on a small corpus) for trying
 * Hone out and for tests. Not a pretrained model: it knows nothing until fine-tuned.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a randomly initialised model directory (Hugging Face format) with a BPE tokenizer.")
public final class ModelInitCommand implements Callable<Integer> {
    static final List<String> SPECIAL_TOKENS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");
    private static final String BUILT_IN_CORPUS = """
            The quick brown fox jumps over the lazy dog. Hello, world! How are you today?
            I am fine, thank you. What is the capital of France? The capital of France is Paris.
            Numbers: 0 1 2 3 4 5 6 7 8 9 10 42 100 2024. Questions and answers, prompts and completions.
            A user asks a question and the assistant answers it helpfully, briefly and politely.
            def add(a, b):
                return a + b
            """;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", required = true, description = "llama or gpt2")
    private String arch;

    @Option(names = "--layers", defaultValue = "2", description = "transformer layers (default ${DEFAULT-VALUE})")
    private int layers;

    @Option(names = "--hidden", defaultValue = "64", description = "model width (default ${DEFAULT-VALUE})")
    private int hidden;

    @Option(names = "--heads", defaultValue = "4", description = "attention heads (default ${DEFAULT-VALUE})")
    private int heads;

    @Option(names = "--kv-heads", description = "key/value heads, llama only (default: heads / 2, at least 1)")
    private Integer kvHeads;

    @Option(names = "--intermediate", description = "MLP width (default: llama 2 x hidden, gpt2 4 x hidden)")
    private Integer intermediate;

    @Option(names = "--vocab", defaultValue = "512", description = "vocabulary size, >= 259 (default ${DEFAULT-VALUE})")
    private int vocab;

    @Option(names = "--context", defaultValue = "256", description = "maximum positions (default ${DEFAULT-VALUE})")
    private int context;

    @Option(names = "--tie-embeddings", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "llama: share the embedding and LM head (default ${DEFAULT-VALUE})")
    private boolean tie;

    @Option(names = "--seed", defaultValue = "0", description = "weight initialisation seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--corpus", description = "text file to train the tokenizer on (default: a small built-in text)")
    private Path corpus;

    @Option(names = "--tokenizer", description = "directory whose tokenizer files (tokenizer.json,"
            + " tokenizer_config.json) to use instead of training one; --vocab must be at least its size")
    private Path tokenizer;

    @Option(names = "--out", required = true, description = "directory to create")
    private Path out;

    @Override
    public Integer call() throws IOException {
        int specials = SPECIAL_TOKENS.size();
        if (vocab < 256 + specials) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--vocab must be at least " + (256 + specials)
                    + " (256 bytes + " + specials + " special tokens); found " + vocab);
        }
        ModelConfig config = config();
        if (tokenizer != null) {
            return withTokenizer(config);
        }
        String text = corpus == null ? BUILT_IN_CORPUS : Files.readString(corpus);
        ByteLevelBpe bpe = ByteLevelBpeTrainer.train(List.of(text), vocab - 256 - specials, SPECIAL_TOKENS, 2);
        Files.createDirectories(out);
        TokenizerWriter.write(out, bpe, null, "<|im_end|>");
        ModelInit.write(config, seed, out, -1, SPECIAL_TOKENS.indexOf("<|im_end|>"));
        spec.commandLine().getOut().printf("created %s: %s, %d layers, width %d, %d heads, vocab %d (tokenizer %d)"
                + ", context %d%n", out, config.architecture(), config.L(), config.C(), config.NH(), config.V(),
                bpe.tokens().size(), config.maxT());
        return 0;
    }

    private Integer withTokenizer(ModelConfig config) throws IOException {
        Tokenizer tok = Tokenizer.load(tokenizer);
        if (tok.vocabSize() > vocab) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the tokenizer in " + tokenizer + " has "
                    + tok.vocabSize() + " ids but --vocab is " + vocab + "; use --vocab " + tok.vocabSize()
                    + " or more");
        }
        Files.createDirectories(out);
        HfModelFiles.copySideFiles(tokenizer, out, HfModelFiles.TOKENIZER_FILES);
        ModelInit.write(config, seed, out, tok.bosId().orElse(-1), tok.eosId().orElse(-1));
        spec.commandLine().getOut().printf("created %s: %s, %d layers, width %d, %d heads, vocab %d (tokenizer %d,"
                + " from %s), context %d%n", out, config.architecture(), config.L(), config.C(), config.NH(),
                config.V(), tok.vocabSize(), tokenizer, config.maxT());
        return 0;
    }

    private ModelConfig config() {
        try {
            return switch (arch) {
                case "llama" -> ModelConfig.llama(vocab, hidden, layers, heads,
                        kvHeads != null ? kvHeads : Math.max(1, heads / 2),
                        intermediate != null ? intermediate : 2 * hidden, context, tie);
                case "gpt2" -> new ModelConfig(ModelConfig.Family.GPT2, "GPT2LMHeadModel", vocab, hidden, layers, heads,
                        heads, hidden / heads, intermediate != null ? intermediate : 4 * hidden, context, 1e-5f, 0, null,
                        true, true, true, false, 0);
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--arch must be llama or gpt2; found '" + arch + "'");
            };
        } catch (RuntimeException e) {
            if (e instanceof CommandLine.ParameterException) {
                throw e;
            }
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid model shape: " + e.getMessage());
        }
    }
}
