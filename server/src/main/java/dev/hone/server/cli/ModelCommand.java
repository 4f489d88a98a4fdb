package dev.hone.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hone model ...}: tools for model directories. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Create and inspect model directories.",
        subcommands = {ModelInitCommand.class})
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
