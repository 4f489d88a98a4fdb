package dev.hone.server.cli;

import dev.hone.server.HoneConfig;
import dev.hone.server.models.BundledModels;
import dev.hone.server.models.ModelDirectories;
import dev.hone.server.models.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hone models}: the base models a server with the same settings would offer ({@code HONE_MODELS}, then
 * the bundled {@code models/}), every directory it skips and why, and which base each OpenAI alias trains.
 * Reads directories only; fine-tuned models live in the server's database ({@code GET /v1/models}).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the base models the server sees, skipped directories and why, and the aliases.")
public final class ModelsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--home", description = "Data directory (env HONE_HOME, default ./.hone); models are under"
            + " HONE_HOME/models unless HONE_MODELS says otherwise.")
    Path home;

    /** Where {@code HONE_*} settings come from (the process environment; tests substitute their own). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        HoneConfig config;
        try {
            config = HoneConfig.resolve(null, null, home, env);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("hone models: " + e.getMessage());
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Searched, in order:");
        for (Path dir : config.modelDirs()) {
            out.println("  " + dir.toAbsolutePath().normalize() + (Files.isDirectory(dir) ? "" : "  (does not exist)"));
        }
        if (config.bundledModels() == null) {
            out.println("  (no bundled models directory: set HONE_BUNDLED_MODELS to the repository's models/)");
        }
        ModelDirectories.Scan scan = ModelDirectories.scan(config.modelDirs());
        out.println();
        out.println("Base models (" + scan.found().size() + "):");
        for (ModelDirectories.Found f : scan.found()) {
            out.printf("  %-28s %s, %d layers, width %d, vocab %d, context %d  %s%n", f.name(), f.architecture(),
                    f.layers(), f.hidden(), f.vocab(), f.context(), f.dir().toAbsolutePath().normalize());
        }
        if (!scan.skipped().isEmpty()) {
            out.println();
            out.println("Skipped (" + scan.skipped().size() + "):");
            for (ModelDirectories.Skipped s : scan.skipped()) {
                out.println("  " + s.dir().toAbsolutePath().normalize() + ": " + s.reason());
            }
        }
        out.println();
        out.println("OpenAI aliases (name, snapshot -> base model trained):");
        for (ModelRegistry.Alias a : ModelRegistry.aliases()) {
            String target = scan.find(a.base()) != null ? a.base()
                    : scan.find(BundledModels.DEFAULT_MODEL) != null
                    ? BundledModels.DEFAULT_MODEL + " (" + a.base() + " is not installed)"
                    : "none installed (add " + a.base() + " or " + BundledModels.DEFAULT_MODEL + ")";
            out.printf("  %-14s %-26s -> %s%n", a.name(), a.snapshot(), target);
        }
        out.flush();
        return 0;
    }
}
