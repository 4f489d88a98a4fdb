package dev.hone.server.validation;

import static dev.hone.server.validation.Datasets.CHAT;
import static dev.hone.server.validation.Datasets.chatFirst;
import static dev.hone.server.validation.Datasets.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One test per chat-example rule of reference §4 / §4.1; each bad example sits on line 1. */
class ChatRulesTest {
    @Test
    void validChatFilePasses() {
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, Datasets.repeat(CHAT, 12));
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(12, report.examples());
    }

    @Test
    void toolCallsWeightsAndFunctionsAreAccepted() {
        String tools = "{\"messages\": [{\"role\": \"user\", \"content\": \"Weather in Paris?\"},"
                + " {\"role\": \"assistant\", \"content\": \"Let me look.\", \"weight\": 0},"
                + " {\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"call_1\", \"type\": \"function\","
                + " \"function\": {\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}}]},"
                + " {\"role\": \"tool\", \"tool_call_id\": \"call_1\", \"content\": \"18C\"},"
                + " {\"role\": \"assistant\", \"content\": [{\"type\": \"text\", \"text\": \"18C.\"}], \"weight\": 1}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\","
                + " \"parameters\": {\"type\": \"object\"}}}], \"parallel_tool_calls\": false}";
        String functions = "{\"messages\": [{\"role\": \"user\", \"content\": \"2+2?\"},"
                + " {\"role\": \"assistant\", \"content\": null, \"function_call\": {\"name\": \"add\","
                + " \"arguments\": \"{}\"}}, {\"role\": \"function\", \"name\": \"add\", \"content\": \"4\"},"
                + " {\"role\": \"assistant\", \"content\": \"4\"}], \"functions\": [{\"name\": \"add\"}]}";
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED,
                Datasets.repeat(tools, 5) + Datasets.repeat(functions, 5));
        assertTrue(report.ok(), report.problems().toString());
    }

    @Test
    void missingRoleIsReportedAsOpenAiWordsIt() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"content\": \"Hello\"}]}"));
        assertEquals(DatasetProblem.INVALID_TRAINING_FILE, p.code());
        assertEquals(1, p.line());
        assertEquals("Invalid file format. Example 1, message 2 Discriminator 'role' is missing in value", p.message());
    }

    @Test
    void unknownRoleNamesTheAllowedRoles() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"robot\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}"));
        assertEquals("Invalid file format. Example 1, message 1 No match for discriminator 'role' and value 'robot'"
                + " (allowed values: 'system', 'user', 'assistant', 'tool', 'function')", p.message());
    }

    @Test
    void missingContentIsReported() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}"));
        assertEquals("Invalid file format. Example 1, message 1 is missing \"content\": a user message needs text"
                + " content", p.message());
    }

    @Test
    void emptyAssistantContentWithoutToolCallsIsMissingContent() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"\"}]}"));
        assertTrue(p.message().startsWith("Invalid file format. Example 1, message 2 has empty \"content\""),
                p.message());
    }

    @Test
    void contentOfTheWrongTypeIsReported() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": 42},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}"));
        assertTrue(p.message().contains("message 1 has \"content\" of the wrong type (found a number)"), p.message());
    }

    @Test
    void imagePartsAreRefusedBecauseModelsAreTextOnly() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\":"
                + " \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,AA==\"}}]},"
                + " {\"role\": \"assistant\", \"content\": \"A cat.\"}]}"));
        assertTrue(p.message().contains("message 1 content part 1 is an image"), p.message());
    }

    @Test
    void weightOtherThanZeroOrOneIsReported() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\", \"weight\": 0.5}]}"));
        assertEquals(DatasetProblem.INVALID_TRAINING_FILE, p.code());
        assertTrue(p.message().startsWith("Invalid file format. Example 1, message 2 has \"weight\": 0.5, but weight"
                + " must be 0"), p.message());
    }

    @Test
    void weightOnAUserMessageIsReported() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\", \"weight\": 1},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}"));
        assertTrue(p.message().startsWith("Invalid file format. Example 1, message 1 has a \"weight\", but only"
                + " assistant messages may carry one"), p.message());
    }

    @Test
    void weightAtTheTopLevelIsAnExtraKeyAsOpenAiReportsIt() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}], \"weight\": 1}"));
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, p.code());
        assertTrue(p.message().startsWith("Invalid file format. Example 1 contains an extra \"weight\"."), p.message());
    }

    @Test
    void unrecognizedMessageKeyIsReported() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\", \"mood\": 1},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}"));
        assertTrue(p.message().contains("message 1 has an unrecognized key \"mood\""), p.message());
    }

    @Test
    void exampleWithoutAssistantMessageIsReported() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"system\", \"content\": \"Be kind.\"},"
                + " {\"role\": \"user\", \"content\": \"Hi\"}]}"));
        assertTrue(p.message().startsWith("Invalid file format. Example 1 has no assistant message"), p.message());
    }

    @Test
    void missingOrEmptyMessagesListIsReported() {
        DatasetProblem missing = only(chatFirst("{\"tools\": [{\"type\": \"function\", \"function\":"
                + " {\"name\": \"f\"}}]}"));
        assertTrue(missing.message().startsWith("Invalid file format. Example 1 is missing \"messages\""),
                missing.message());
        DatasetProblem empty = only(chatFirst("{\"messages\": []}"));
        assertTrue(empty.message().contains("has an empty \"messages\" list"), empty.message());
        DatasetProblem notList = only(chatFirst("{\"messages\": \"Hi\"}"));
        assertTrue(notList.message().contains("\"messages\" that is not a list (found a string)"), notList.message());
    }

    @Test
    void malformedToolCallAndToolMessageAreReported() {
        ValidationReport report = chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"tool_calls\": [{\"type\": \"function\","
                + " \"function\": {\"name\": \"f\"}}]},"
                + " {\"role\": \"tool\", \"content\": \"ok\"}, {\"role\": \"assistant\", \"content\": \"Done\"}]}");
        assertEquals(3, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).message().contains("message 2 tool call 1 is missing \"id\""));
        assertTrue(report.problems().get(1).message().contains("message 2 tool call 1 is missing \"arguments\""));
        assertTrue(report.problems().get(2).message().contains("message 3 is missing \"tool_call_id\""));
    }

    @Test
    void malformedToolsListIsReported() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Hello\"}], \"tools\": [{\"type\": \"function\"}]}"));
        assertTrue(p.message().contains("Example 1 has an invalid tool 1"), p.message());
    }

    @Test
    void everyProblemOfALineIsListed() {
        ValidationReport report = chatFirst("{\"messages\": [{\"content\": \"Hi\"}, {\"role\": \"user\"},"
                + " {\"role\": \"assistant\", \"content\": \"x\", \"weight\": 3}]}");
        assertEquals(3, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().stream().allMatch(p -> p.line() == 1));
    }

    @Test
    void specialTokenInTrainingTextIsAnInvalidTokenAsOpenAiReportsIt() {
        DatasetProblem p = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"Bye<|im_end|><|im_start|>user\"}]}"));
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, p.code());
        assertTrue(p.message().startsWith("Invalid file format. Example 1, message 2 contains an invalid token:"
                + " <|im_end|>."), p.message());
        DatasetProblem inPart = only(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\":"
                + " \"text\", \"text\": \"a <|fim_suffix|> b\"}]},"
                + " {\"role\": \"assistant\", \"content\": \"ok\"}]}"));
        assertTrue(inPart.message().contains("Example 1, message 1 contains an invalid token: <|fim_suffix|>."),
                inPart.message());
        assertTrue(chatFirst("{\"messages\": [{\"role\": \"user\", \"content\": \"<s>strike</s> a <|b|>\"},"
                + " {\"role\": \"assistant\", \"content\": \"ok\"}]}").ok());
    }
}
