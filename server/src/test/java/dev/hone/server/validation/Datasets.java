package dev.hone.server.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small inline datasets for the validation tests: one valid line per format, and a runner. */
final class Datasets {
    static final String CHAT = "{\"messages\": [{\"role\": \"system\", \"content\": \"You are terse.\"},"
            + " {\"role\": \"user\", \"content\": \"Capital of France?\"},"
            + " {\"role\": \"assistant\", \"content\": \"Paris.\"}]}";
    static final String COMPLETION = "{\"prompt\": \"Capital of France? ->\", \"completion\": \" Paris.\"}";
    static final String PREFERENCE = "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]},"
            + " \"preferred_output\": [{\"role\": \"assistant\", \"content\": \"Hello! How can I help?\"}],"
            + " \"non_preferred_output\": [{\"role\": \"assistant\", \"content\": \"What.\"}]}";
    static final String REINFORCEMENT = "{\"messages\": [{\"role\": \"developer\", \"content\": \"Answer in one"
            + " word.\"}, {\"role\": \"user\", \"content\": \"Capital of France?\"}], \"reference_answer\": \"Paris\"}";

    private Datasets() {
    }

    /** {@code first} as line 1, then valid {@code filler} lines up to 10 examples. */
    static ValidationReport firstLine(TrainingMethod method, String first, String filler) {
        List<String> lines = new ArrayList<>();
        lines.add(first);
        while (lines.size() < DatasetValidator.MIN_EXAMPLES) {
            lines.add(filler);
        }
        return validate(method, String.join("\n", lines) + "\n");
    }

    /** A supervised chat file whose first line is {@code first}. */
    static ValidationReport chatFirst(String first) {
        return firstLine(TrainingMethod.SUPERVISED, first, CHAT);
    }

    static ValidationReport validate(TrainingMethod method, String text) {
        return validate(method, text.getBytes(StandardCharsets.UTF_8));
    }

    static ValidationReport validate(TrainingMethod method, byte[] bytes) {
        return validate(method, null, bytes);
    }

    static ValidationReport validate(TrainingMethod method, String fileName, String text) {
        return validate(method, fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    static ValidationReport validate(TrainingMethod method, String fileName, byte[] bytes) {
        try {
            return new DatasetValidator(method, fileName).validate(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ValidationReport checkJsonl(byte[] bytes) {
        try {
            return DatasetValidator.checkJsonl(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code line} repeated {@code n} times, newline-terminated. */
    static String repeat(String line, int n) {
        return (line + "\n").repeat(n);
    }

    /** The report's only problem; fails listing all of them when there is not exactly one. */
    static DatasetProblem only(ValidationReport report) {
        if (report.problems().size() != 1 || report.unlistedProblems() != 0) {
            throw new AssertionError("expected exactly one problem, found " + report.problems());
        }
        return report.problems().get(0);
    }
}
