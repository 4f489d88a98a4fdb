package dev.hone.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hone} command line: one subcommand per verb ({@code serve}, {@code validate}, ...). */
@Command(name = "hone", mixinStandardHelpOptions = true, version = "hone 0.1.0",
        subcommands = {ServeCommand.class, ValidateCommand.class, ModelCommand.class, TrainCommand.class,
                TokenizerCommand.class, PretrainCommand.class, ModelsCommand.class,
                QuickstartCommand.class},
        description = "Self-hosted fine-tuning server that speaks the OpenAI fine-tuning API.")
public final class HoneCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HoneCommand()).execute(args));
    }
}
