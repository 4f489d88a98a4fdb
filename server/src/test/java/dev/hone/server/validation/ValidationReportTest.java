package dev.hone.server.validation;

import static dev.hone.server.validation.Datasets.CHAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The report's problem cap and the job error built from its first problem (reference §3.4). */
class ValidationReportTest {
    @Test
    void problemsBeyondTheCapAreCountedNotListed() {
        String bad = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, Datasets.repeat(bad, 1500));
        assertEquals(DatasetValidator.MAX_LISTED_PROBLEMS, report.problems().size());
        assertEquals(500, report.unlistedProblems());
        assertEquals(1500, report.problemCount());
        assertTrue(!report.ok());
        assertEquals(1, report.firstProblem().orElseThrow().line());
    }

    @Test
    void jobFailureForASchemaProblemCarriesOpenAisLeadIn() {
        ValidationReport report = Datasets.chatFirst("{\"messages\": [{\"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}");
        JobFailure failure = report.jobFailure(DatasetKind.TRAINING).orElseThrow();
        assertEquals(new JobFailure("invalid_training_file", "The job failed due to an invalid training file."
                + " Invalid file format. Example 1, message 1 Discriminator 'role' is missing in value",
                "training_file"), failure);
    }

    @Test
    void jobFailureForAFormatErrorInTheValidationFile() {
        ValidationReport report = Datasets.chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}], \"weight\": 1}");
        JobFailure failure = report.jobFailure(DatasetKind.VALIDATION).orElseThrow();
        assertEquals("invalid_file_format", failure.code());
        assertEquals("validation_file", failure.param());
        assertTrue(failure.message().startsWith("The job failed due to a file format error in the validation file."
                + " Invalid file format. Example 1 contains an extra \"weight\"."), failure.message());
    }

    @Test
    void formatErrorsComeBeforeTheExampleCount() {
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, CHAT + "\nnot json\n");
        assertEquals(2, report.problems().size());
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, report.firstProblem().orElseThrow().code());
        assertEquals("Validation file has 2 example(s), but must have at least 10 examples",
                new ValidationReport(2, report.problems().subList(1, 2)).jobFailure(DatasetKind.VALIDATION)
                        .orElseThrow().message());
    }

    @Test
    void validReportHasNoJobFailure() {
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, Datasets.repeat(CHAT, 10));
        assertTrue(report.jobFailure(DatasetKind.TRAINING).isEmpty());
        assertTrue(report.firstProblem().isEmpty());
    }
}
