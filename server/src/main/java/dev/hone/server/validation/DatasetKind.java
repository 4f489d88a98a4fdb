package dev.hone.server.validation;

/**
 * Which of a job's files a report is about: it decides the job error's {@code param} and how its
 * message names the file ("training file" / "validation file", reference §3.4).
 */
public enum DatasetKind {
    TRAINING("training_file", "training file"),
    VALIDATION("validation_file", "validation file");

    private final String param;
    private final String noun;

    DatasetKind(String param, String noun) {
        this.param = param;
        this.noun = noun;
    }

    /** The request field the file came from, used as the job error's {@code param}. */
    public String param() {
        return param;
    }

    /** "training file" or "validation file", as the job error messages name it. */
    public String noun() {
        return noun;
    }
}
