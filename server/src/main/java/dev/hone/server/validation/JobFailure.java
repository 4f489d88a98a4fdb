package dev.hone.server.validation;

/**
 * The {@code error} object of a job that failed validation, exactly as the API shows it
 * (reference §3.4): built by {@link ValidationReport#jobFailure(DatasetKind)}.
 *
 * @param code    {@code invalid_n_examples}, {@code invalid_training_file} or {@code invalid_file_format}
 * @param message the full message, e.g. {@code The job failed due to an invalid training file. ...}
 * @param param   {@code training_file} or {@code validation_file}
 */
public record JobFailure(String code, String message, String param) {
}
