package dev.hone.server.validation;

/**
 * One thing wrong with a training or validation file.
 *
 * @param code    OpenAI's error code: {@link #INVALID_N_EXAMPLES}, {@link #INVALID_TRAINING_FILE} or
 *                {@link #INVALID_FILE_FORMAT} (reference §3.4)
 * @param message what is wrong, worded as OpenAI words it, naming the example (line) and message index
 * @param line    1-based line of the file the problem is on; 0 when it concerns the whole file
 */
public record DatasetProblem(String code, String message, long line) {
    /** Too few examples in the file. */
    public static final String INVALID_N_EXAMPLES = "invalid_n_examples";
    /** An example does not have the shape its format requires (roles, content, weight, method). */
    public static final String INVALID_TRAINING_FILE = "invalid_training_file";
    /** A line is not a JSON object at all (encoding, length, syntax, stray top-level keys). */
    public static final String INVALID_FILE_FORMAT = "invalid_file_format";

    public DatasetProblem {
        if (code == null || message == null || line < 0) {
            throw new IllegalArgumentException("DatasetProblem needs a code, a message and a line >= 0; found "
                    + code + ", " + message + ", " + line);
        }
    }
}
