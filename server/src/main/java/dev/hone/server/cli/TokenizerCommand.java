package dev.hone.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hone tokenizer ...}: tools for tokenizers. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true, description = "Train tokenizers.",
        subcommands = {TokenizerTrainCommand.class})
public final class TokenizerCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
