package dev.hone.server.cli;

import dev.hone.server.validation.DatasetProblem;
import dev.hone.server.validation.DatasetValidator;
import dev.hone.server.validation.TrainingMethod;
import dev.hone.server.validation.ValidationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hone validate FILE [--method sft|dpo|reinforcement]}: runs the server's dataset checks offline
 * and prints every problem as {@code line N: message}, then a summary. Exit 0 when the file is valid,
 * 1 when it is not, 2 for usage errors (bad option, unreadable file). Not a token counter.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a JSONL fine-tuning file with the same rules the server applies to a job.")
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the JSONL file to check")
    private Path file;

    @Option(names = "--method", paramLabel = "sft|dpo|reinforcement", defaultValue = "sft",
            converter = MethodConverter.class,
            description = "training method the file is for (default: ${DEFAULT-VALUE})")
    private TrainingMethod method;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ValidationReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report = new DatasetValidator(method, file.getFileName().toString()).validate(in);
        } catch (NoSuchFileException e) {
            err.println("hone validate: no such file: " + file + "; give the path of a .jsonl file");
            return CommandLine.ExitCode.USAGE;
        } catch (IOException e) {
            err.println("hone validate: cannot read " + file + ": " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        for (DatasetProblem p : report.problems()) {
            out.println((p.line() == 0 ? "file" : "line " + p.line()) + ": " + p.message());
        }
        if (report.unlistedProblems() > 0) {
            out.println("... and " + report.unlistedProblems() + " more problem(s) not listed");
        }
        out.println(file + ": " + report.examples() + " example(s) for method " + method.wireName() + ", "
                + (report.ok() ? "valid" : report.problemCount() + " problem(s)"));
        out.flush();
        return report.ok() ? CommandLine.ExitCode.OK : 1;
    }

    /** Accepts {@code sft}, {@code supervised}, {@code dpo}, {@code reinforcement}, {@code rft}. */
    static final class MethodConverter implements CommandLine.ITypeConverter<TrainingMethod> {
        @Override
        public TrainingMethod convert(String value) {
            try {
                return TrainingMethod.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
