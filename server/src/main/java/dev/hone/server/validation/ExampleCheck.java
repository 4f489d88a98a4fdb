package dev.hone.server.validation;

/**
 * Reports problems of one example (one line), worded as OpenAI words them (reference §3.4):
 * {@code Invalid file format. Example 100, message 2 Discriminator 'role' is missing in value}.
 * Example numbers are line numbers; message numbers count from 1 within their list.
 */
final class ExampleCheck {
    private static final String LEAD = "Invalid file format. Example ";

    private final ProblemList problems;
    private final long line;

    ExampleCheck(ProblemList problems, long line) {
        this.problems = problems;
        this.line = line;
    }

    /** A schema problem of the whole example: {@code Example N <detail>}. */
    void example(String detail) {
        add(DatasetProblem.INVALID_TRAINING_FILE, LEAD + line + " " + detail);
    }

    /** A problem of one message: {@code Example N, <list> M <detail>}, list being e.g. "message". */
    void message(String list, int index, String detail) {
        add(DatasetProblem.INVALID_TRAINING_FILE, LEAD + line + ", " + list + " " + (index + 1) + " " + detail);
    }

    /** A top-level key the format does not allow: {@code Example N contains an extra "weight".} */
    void extraKey(String key, String allowed) {
        add(DatasetProblem.INVALID_FILE_FORMAT, LEAD + line + " contains an extra \"" + key + "\". Allowed keys: "
                + allowed + ".");
    }

    /** Training text holding a special token: {@code Example N, message M contains an invalid token: <|x|>.} */
    void invalidToken(String where, String token) {
        add(DatasetProblem.INVALID_FILE_FORMAT, LEAD + line + where + " contains an invalid token: " + token
                + ". Special tokens of a model's chat format may not appear in training text; remove it.");
    }

    /** A line that is not a JSON object at all. */
    void syntax(String detail) {
        add(DatasetProblem.INVALID_FILE_FORMAT, LEAD + line + " " + detail);
    }

    /** A file-level message that still belongs to this line (format mismatches). */
    void plain(String message) {
        add(DatasetProblem.INVALID_TRAINING_FILE, message);
    }

    private void add(String code, String message) {
        problems.add(code, message, line);
    }
}
