package dev.hone.server.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects problems in file order, keeping the first {@link DatasetValidator#MAX_LISTED_PROBLEMS}. */
final class ProblemList {
    private final List<DatasetProblem> listed = new ArrayList<>();
    private long unlisted;

    void add(String code, String message, long line) {
        if (listed.size() < DatasetValidator.MAX_LISTED_PROBLEMS) {
            listed.add(new DatasetProblem(code, message, line));
        } else {
            unlisted++;
        }
    }

    boolean isEmpty() {
        return listed.isEmpty();
    }

    ValidationReport report(long examples) {
        return new ValidationReport(examples, listed, unlisted);
    }
}
