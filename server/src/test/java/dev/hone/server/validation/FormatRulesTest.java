package dev.hone.server.validation;

import static dev.hone.server.validation.Datasets.CHAT;
import static dev.hone.server.validation.Datasets.COMPLETION;
import static dev.hone.server.validation.Datasets.PREFERENCE;
import static dev.hone.server.validation.Datasets.REINFORCEMENT;
import static dev.hone.server.validation.Datasets.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** File-level rules: formats per method, mixing, unknown shapes, the example count; each format's own rules. */
class FormatRulesTest {
    @Test
    void validPromptCompletionFilePasses() {
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, Datasets.repeat(COMPLETION, 10));
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(10, report.examples());
    }

    @Test
    void validDpoFilePasses() {
        ValidationReport report = Datasets.validate(TrainingMethod.DPO, Datasets.repeat(PREFERENCE, 10));
        assertTrue(report.ok(), report.problems().toString());
    }

    @Test
    void validReinforcementFileWithGraderKeysPasses() {
        ValidationReport report = Datasets.validate(TrainingMethod.REINFORCEMENT, Datasets.repeat(REINFORCEMENT, 10));
        assertTrue(report.ok(), report.problems().toString());
    }

    @Test
    void fewerThanTenExamplesIsInvalidNExamples() {
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, Datasets.repeat(CHAT, 7));
        DatasetProblem p = only(report);
        assertEquals(DatasetProblem.INVALID_N_EXAMPLES, p.code());
        assertEquals(0, p.line());
        assertEquals(7, report.examples());
        assertEquals("Training file has 7 example(s), but must have at least 10 examples",
                report.jobFailure(DatasetKind.TRAINING).orElseThrow().message());
    }

    @Test
    void chatFileForADpoJobIsAMethodMismatch() {
        DatasetProblem p = only(Datasets.validate(TrainingMethod.DPO, "file-abc", Datasets.repeat(CHAT, 10)));
        assertEquals(DatasetProblem.INVALID_TRAINING_FILE, p.code());
        assertEquals(1, p.line());
        assertTrue(p.message().startsWith("Input file file-abc is in the fine-tune-chat format, but the specified"
                + " fine-tuning job is not using 'supervised' as the training method (provided method=dpo)."),
                p.message());
    }

    @Test
    void preferenceFileForASupervisedJobIsAMethodMismatch() {
        DatasetProblem p = only(Datasets.validate(TrainingMethod.SUPERVISED, Datasets.repeat(PREFERENCE, 10)));
        assertTrue(p.message().startsWith("Input file is in the fine-tune-preference format, but the specified"
                + " fine-tuning job is not using 'dpo' as the training method (provided method=supervised)."),
                p.message());
    }

    @Test
    void completionFileForAReinforcementJobIsAMethodMismatch() {
        DatasetProblem p = only(Datasets.validate(TrainingMethod.REINFORCEMENT, Datasets.repeat(COMPLETION, 10)));
        assertTrue(p.message().contains("fine-tune-completion format") && p.message().contains("method=reinforcement"),
                p.message());
    }

    @Test
    void mixedFormatsAreReportedOnTheFirstOddLine() {
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED,
                Datasets.repeat(CHAT, 5) + COMPLETION + "\n" + Datasets.repeat(CHAT, 4));
        DatasetProblem p = only(report);
        assertEquals(6, p.line());
        assertTrue(p.message().startsWith("Invalid file format. Example 6 is in the fine-tune-completion format, but"
                + " the file's first example (line 1) is in the fine-tune-chat format"), p.message());
    }

    @Test
    void lineOfNoKnownFormatIsAnUnexpectedFormat() {
        DatasetProblem p = only(Datasets.chatFirst("{\"text\": \"just some text\"}"));
        assertEquals(DatasetProblem.INVALID_TRAINING_FILE, p.code());
        assertTrue(p.message().startsWith("Unexpected file format, expected either prompt/completion pairs or chat"
                + " messages. Example 1"), p.message());
    }

    @Test
    void completionRulesRequireBothStringsAndNoExtraKeys() {
        assertTrue(only(Datasets.firstLine(TrainingMethod.SUPERVISED, "{\"prompt\": \"a\"}", COMPLETION)).message()
                .contains("Example 1 is missing \"completion\""));
        assertTrue(only(Datasets.firstLine(TrainingMethod.SUPERVISED, "{\"prompt\": \"a\", \"completion\": \"\"}",
                COMPLETION)).message().contains("Example 1 has an empty \"completion\""));
        DatasetProblem extra = only(Datasets.firstLine(TrainingMethod.SUPERVISED,
                "{\"prompt\": \"a\", \"completion\": \"b\", \"weight\": 0}", COMPLETION));
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, extra.code());
        assertTrue(extra.message().startsWith("Invalid file format. Example 1 contains an extra \"weight\"."));
        assertTrue(only(Datasets.firstLine(TrainingMethod.SUPERVISED, "{\"prompt\": \"a\", \"completion\":"
                + " \"b<|endoftext|>\"}", COMPLETION)).message().startsWith("Invalid file format. Example 1 completion"
                + " contains an invalid token: <|endoftext|>."));
    }

    @Test
    void dpoOutputsMustBeOneTextAssistantMessage() {
        ValidationReport twoOutputs = Datasets.firstLine(TrainingMethod.DPO, PREFERENCE.replace(
                "\"preferred_output\": [", "\"preferred_output\": [{\"role\": \"assistant\", \"content\": \"A\"}, "),
                PREFERENCE);
        assertTrue(only(twoOutputs).message().contains("\"preferred_output\" that is not a list of exactly one"));
        ValidationReport userOutput = Datasets.firstLine(TrainingMethod.DPO, PREFERENCE.replace(
                "\"non_preferred_output\": [{\"role\": \"assistant\"",
                "\"non_preferred_output\": [{\"role\": \"user\""), PREFERENCE);
        assertTrue(only(userOutput).message().startsWith("Invalid file format. Example 1, non_preferred_output"
                + " message 1 No match for discriminator 'role' and value 'user' (allowed values: 'assistant')"));
        ValidationReport missing = Datasets.firstLine(TrainingMethod.DPO,
                "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]},"
                        + " \"preferred_output\": [{\"role\": \"assistant\", \"content\": \"Hello\"}]}", PREFERENCE);
        assertTrue(only(missing).message().contains("Example 1 is missing \"non_preferred_output\""));
        ValidationReport toolOutput = Datasets.firstLine(TrainingMethod.DPO, PREFERENCE.replace(
                "{\"role\": \"assistant\", \"content\": \"What.\"}", "{\"role\": \"assistant\", \"tool_calls\":"
                        + " [{\"id\": \"c1\", \"type\": \"function\", \"function\": {\"name\": \"f\","
                        + " \"arguments\": \"{}\"}}]}"), PREFERENCE);
        assertTrue(only(toolOutput).message().startsWith("Invalid file format. Example 1, non_preferred_output"
                + " message 1 has tool calls, but DPO outputs are text only"), toolOutput.problems().toString());
    }

    @Test
    void dpoInputMessagesFollowTheMessageRules() {
        DatasetProblem p = only(Datasets.firstLine(TrainingMethod.DPO,
                PREFERENCE.replace("{\"role\": \"user\", \"content\": \"Hi\"}", "{\"role\": \"user\"}"), PREFERENCE));
        assertTrue(p.message().startsWith("Invalid file format. Example 1, message 1 is missing \"content\""),
                p.message());
    }

    @Test
    void reinforcementUsesDeveloperInsteadOfSystem() {
        DatasetProblem p = only(Datasets.firstLine(TrainingMethod.REINFORCEMENT,
                REINFORCEMENT.replace("developer", "system"), REINFORCEMENT));
        assertTrue(p.message().contains("value 'system' (allowed values: 'developer', 'user', 'assistant', 'tool');"
                + " reinforcement examples use 'developer' instead of 'system'"), p.message());
    }
}
