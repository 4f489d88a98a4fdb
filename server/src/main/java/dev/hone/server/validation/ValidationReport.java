package dev.hone.server.validation;

import java.util.List;
import java.util.Optional;

/**
 * What validating one file found.
 *
 * @param examples         non-blank lines seen (each is one example, valid or not)
 * @param problems         problems in file order, at most {@link DatasetValidator#MAX_LISTED_PROBLEMS}
 * @param unlistedProblems problems found beyond the listed ones (only counted)
 */
public record ValidationReport(long examples, List<DatasetProblem> problems, long unlistedProblems) {
    public ValidationReport {
        problems = List.copyOf(problems);
        if (examples < 0 || unlistedProblems < 0) {
            throw new IllegalArgumentException("counts must be >= 0; found examples=" + examples
                    + ", unlistedProblems=" + unlistedProblems);
        }
    }

    /** A report with every problem listed. */
    public ValidationReport(long examples, List<DatasetProblem> problems) {
        this(examples, problems, 0);
    }

    /** True when the file has no problem at all. */
    public boolean ok() {
        return problems.isEmpty() && unlistedProblems == 0;
    }

    /** The problem a job reports as its error: the first one in file order, the example count last. */
    public Optional<DatasetProblem> firstProblem() {
        return problems.stream().findFirst();
    }

    /**
     * The job's {@code error} for this report's first problem, or empty when the file is valid.
     * Line problems get OpenAI's lead-in ("The job failed due to an invalid training file. ..."); too few
     * examples reads "Training file has 7 example(s), but must have at least 10 examples".
     *
     * @param kind which of the job's files this report is about
     */
    public Optional<JobFailure> jobFailure(DatasetKind kind) {
        return firstProblem().map(p -> new JobFailure(p.code(), jobMessage(p, kind), kind.param()));
    }

    private String jobMessage(DatasetProblem p, DatasetKind kind) {
        String noun = kind.noun();
        return switch (p.code()) {
            case DatasetProblem.INVALID_N_EXAMPLES -> Character.toUpperCase(noun.charAt(0)) + noun.substring(1)
                    + " has " + examples + " example(s), but must have at least "
                    + DatasetValidator.MIN_EXAMPLES + " examples";
            case DatasetProblem.INVALID_FILE_FORMAT -> "The job failed due to a file format error in the "
                    + noun + ". " + p.message();
            default -> "The job failed due to an invalid " + noun + ". " + p.message();
        };
    }

    /** Listed plus unlisted problems. */
    public long problemCount() {
        return problems.size() + unlistedProblems;
    }
}
