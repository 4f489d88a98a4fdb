package dev.hone.server.validation;

import java.io.IOException;
import java.io.InputStream;

/**
 * Checks a JSONL fine-tuning dataset the way OpenAI does before a job starts (reference §3.4, §4):
 * one streaming pass, one line in memory at a time (at most {@link JsonlLineReader#MAX_LINE_BYTES}).
 * Shared by the job's validation stage and {@code hone validate}. It does not tokenize or count tokens:
 * that is the trainer's job.
 *
 * <p>Lines are examples; an example's number is its line number. Blank lines (empty or only spaces and
 * tabs) are skipped and not counted. The first example's format is the file's: it must be one the method
 * takes, and every later example must use it too. Instances are immutable and safe to share across threads.
 */
public final class DatasetValidator {
    /** Problems listed in a report; further ones are only counted. */
    public static final int MAX_LISTED_PROBLEMS = 1000;
    /** OpenAI rejects a training file with fewer examples than this ({@code invalid_n_examples}). */
    public static final int MIN_EXAMPLES = 10;

    private static final String JSONL_LEAD =
            "Expected file to have JSONL format, where every line is a valid JSON dictionary. ";

    private final TrainingMethod method;
    private final String fileName;

    /** A validator for datasets of {@code method}. */
    public DatasetValidator(TrainingMethod method) {
        this(method, null);
    }

    /**
     * A validator for datasets of {@code method} whose messages name the file, as OpenAI's do
     * ("Input file file-X is in the fine-tune-chat format, ...").
     *
     * @param fileName the file id or name to show; null to leave it out
     */
    public DatasetValidator(TrainingMethod method, String fileName) {
        if (method == null) {
            throw new IllegalArgumentException("DatasetValidator needs a training method; found null");
        }
        this.method = method;
        this.fileName = fileName;
    }

    /**
     * Full rules of reference §3.4/§4 for a job; streams once, never holds the file in memory.
     *
     * @param jsonl the file's bytes; read to its end, not closed
     * @return every problem found (capped at {@link #MAX_LISTED_PROBLEMS}) and the example count
     * @throws IOException when reading {@code jsonl} fails
     */
    public ValidationReport validate(InputStream jsonl) throws IOException {
        ProblemList problems = new ProblemList();
        JsonlLineReader reader = new JsonlLineReader(jsonl);
        JsonLineParser parser = new JsonLineParser();
        long examples = 0;
        DatasetFormat fileFormat = null;
        long formatLine = 0;
        while (reader.next()) {
            if (reader.blank()) {
                continue;
            }
            examples++;
            ExampleCheck ex = new ExampleCheck(problems, reader.number());
            parser.parse(reader);
            if (parser.object() == null) {
                ex.syntax(parser.problem());
                continue;
            }
            DatasetFormat format = DatasetFormat.detect(parser.object(), method);
            if (format == null) {
                ex.plain(unexpectedFormat(reader.number()));
                continue;
            }
            if (fileFormat == null) {
                fileFormat = format;
                formatLine = reader.number();
                if (format.method() != method) {
                    ex.plain(methodMismatch(format, reader.number()));
                }
            } else if (format != fileFormat) {
                ex.plain("Invalid file format. Example " + reader.number() + " is in the " + format.wireName()
                        + " format, but the file's first example (line " + formatLine + ") is in the "
                        + fileFormat.wireName() + " format; every line of a file must use the same format.");
            }
            ExampleRules.check(parser.object(), format, ex);
        }
        if (examples < MIN_EXAMPLES) {
            problems.add(DatasetProblem.INVALID_N_EXAMPLES, "The file has " + examples
                    + " example(s), but must have at least " + MIN_EXAMPLES + " examples", 0);
        }
        return problems.report(examples);
    }

    /**
     * Upload-time format check: non-empty, UTF-8, every line a JSON object, line length cap.
     * Messages read like OpenAI's upload error ("Expected file to have JSONL format, ...") plus the line.
     *
     * @param jsonl the file's bytes; read to its end, not closed
     * @throws IOException when reading {@code jsonl} fails
     */
    public static ValidationReport checkJsonl(InputStream jsonl) throws IOException {
        ProblemList problems = new ProblemList();
        JsonlLineReader reader = new JsonlLineReader(jsonl);
        JsonLineParser parser = new JsonLineParser();
        long examples = 0;
        while (reader.next()) {
            if (reader.blank()) {
                continue;
            }
            examples++;
            parser.check(reader);
            if (parser.problem() != null) {
                problems.add(DatasetProblem.INVALID_FILE_FORMAT, JSONL_LEAD + "Line " + reader.number() + " "
                        + parser.problem(), reader.number());
            }
        }
        if (examples == 0) {
            problems.add(DatasetProblem.INVALID_FILE_FORMAT, JSONL_LEAD + "The file is empty"
                    + (reader.number() > 0 ? " (it has only blank lines)." : "."), 0);
        }
        return problems.report(examples);
    }

    /** The method this validator checks for. */
    public TrainingMethod method() {
        return method;
    }

    private String unexpectedFormat(long line) {
        String expected = switch (method) {
            case SUPERVISED -> "Unexpected file format, expected either prompt/completion pairs or chat messages.";
            case DPO -> "Unexpected file format, expected preference pairs (input, preferred_output,"
                    + " non_preferred_output).";
            case REINFORCEMENT -> "Unexpected file format, expected chat messages.";
        };
        return expected + " Example " + line + " has none of the keys "
                + switch (method) {
                    case SUPERVISED -> "\"messages\", \"prompt\", \"completion\".";
                    case DPO -> "\"input\", \"preferred_output\", \"non_preferred_output\".";
                    case REINFORCEMENT -> "\"messages\".";
                };
    }

    private String methodMismatch(DatasetFormat format, long line) {
        return "Input file " + (fileName == null ? "" : fileName + " ") + "is in the " + format.wireName()
                + " format, but the specified fine-tuning job is not using '" + format.method().wireName()
                + "' as the training method (provided method=" + method.wireName() + "). Example " + line
                + " is in that format; " + fix();
    }

    private String fix() {
        return switch (method) {
            case SUPERVISED -> "supervised examples are {\"messages\": [...]} or {\"prompt\": \"...\","
                    + " \"completion\": \"...\"}.";
            case DPO -> "DPO examples are {\"input\": {\"messages\": [...]}, \"preferred_output\": [...],"
                    + " \"non_preferred_output\": [...]}.";
            case REINFORCEMENT -> "reinforcement examples are {\"messages\": [...], ...fields for the grader}.";
        };
    }
}
