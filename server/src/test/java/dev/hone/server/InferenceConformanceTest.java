package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.hone.engine.template.ChatTemplate;
import dev.hone.engine.tokenizer.Tokenizer;
import dev.hone.server.cli.HoneCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/chat/completions} and {@code /v1/completions} through the official Java SDK (strict
 * response validation) against a real server serving a tiny random Llama made by {@code hone model init}
 * in the models directory: shapes, usage, finish reasons, streamed chunks equal to the non-streamed
 * text for the same seed, error envelopes.
 */
class InferenceConformanceTest {
    static final String MODEL = "tiny-llama";

    @TempDir
    static Path home;
    static TestServer server;
    static OpenAIClient client;
    static Path modelDir;

    @BeforeAll
    static void start() throws Exception {
        modelDir = home.resolve("models").resolve(MODEL);
        int exit = new CommandLine(new HoneCommand()).execute("model", "init", "--arch", "llama", "--layers", "2",
                "--hidden", "64", "--heads", "4", "--vocab", "400", "--context", "256", "--seed", "3", "--out",
                modelDir.toString());
        assertEquals(0, exit, "hone model init failed");
        Files.createSymbolicLink(home.resolve("models").resolve("SmolLM2-135M-Instruct"), modelDir);
        server = TestServer.start(home);
        client = server.client(TestServer.KEY_A);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ChatCompletionCreateParams.Builder chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addSystemMessage("You are brief.")
                .addUserMessage("What is the capital of France?").seed(11).temperature(1.0).maxCompletionTokens(24);
    }

    /** Prompt tokens counted independently: the template rendered with the generation prompt, then encoded. */
    static int promptTokens(List<Map<String, Object>> messages, List<Map<String, Object>> tools) {
        String text = ChatTemplate.load(modelDir).render(messages, tools, true, null);
        return Tokenizer.load(modelDir).encode(text).length;
    }

    static final List<Map<String, Object>> MESSAGES = List.of(
            Map.of("role", "system", "content", "You are brief."),
            Map.of("role", "user", "content", "What is the capital of France?"));

    @Test
    void chatCompletionHasShapeUsageAndFinishReason() {
        ChatCompletion c = client.chat().completions().create(chat(MODEL).n(3).build());
        assertTrue(c.id().startsWith("chatcmpl-"), c.id());
        assertEquals(MODEL, c.model());
        assertEquals(3, c.choices().size());
        long completion = 0;
        for (int i = 0; i < 3; i++) {
            ChatCompletion.Choice ch = c.choices().get(i);
            assertEquals(i, ch.index());
            assertTrue(ch.message().content().isPresent());
            assertFalse(ch.message().toolCalls().isPresent() && !ch.message().toolCalls().get().isEmpty());
            assertTrue(Set.of(ChatCompletion.Choice.FinishReason.STOP, ChatCompletion.Choice.FinishReason.LENGTH)
                    .contains(ch.finishReason()));
        }
        CompletionUsage u = c.usage().orElseThrow();
        assertEquals(promptTokens(MESSAGES, List.of()), u.promptTokens());
        assertTrue(u.completionTokens() >= 3 && u.completionTokens() <= 3 * 24, "completion tokens " + u);
        assertEquals(u.promptTokens() + u.completionTokens(), u.totalTokens());
        ChatCompletion again = client.chat().completions().create(chat(MODEL).n(3).build());
        for (int i = 0; i < 3; i++) {
            assertEquals(c.choices().get(i).message().content(), again.choices().get(i).message().content(),
                    "same seed, same text");
        }
        ChatCompletion one = client.chat().completions().create(chat(MODEL).maxCompletionTokens(1).build());
        assertEquals(1, one.usage().orElseThrow().completionTokens());
    }

    @Test
    void aliasServesItsBaseModelDirectory() {
        ChatCompletion viaAlias = client.chat().completions().create(chat("gpt-4o-mini").build());
        ChatCompletion direct = client.chat().completions().create(chat(MODEL).build());
        assertEquals("gpt-4o-mini", viaAlias.model());
        assertEquals(direct.choices().get(0).message().content(), viaAlias.choices().get(0).message().content());
    }

    @Test
    void streamedChatChunksConcatenateToTheNonStreamedText() {
        ChatCompletion whole = client.chat().completions().create(chat(MODEL).n(2).build());
        List<StringBuilder> texts = List.of(new StringBuilder(), new StringBuilder());
        List<String> reasons = new ArrayList<>(List.of("", ""));
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(chat(MODEL).n(2)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = s.stream().toList();
        }
        for (ChatCompletionChunk ch : chunks) {
            assertEquals(chunks.get(0).id(), ch.id());
            for (ChatCompletionChunk.Choice c : ch.choices()) {
                c.delta().content().ifPresent(texts.get((int) c.index())::append);
                c.finishReason().ifPresent(r -> reasons.set((int) c.index(), r.asString()));
            }
        }
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertTrue(last.choices().isEmpty(), "the usage chunk has no choices");
        assertEquals(whole.usage().orElseThrow(), last.usage().orElseThrow());
        for (int i = 0; i < 2; i++) {
            assertEquals(whole.choices().get(i).message().content().orElseThrow(), texts.get(i).toString());
            assertEquals(whole.choices().get(i).finishReason().asString(), reasons.get(i));
        }
    }

    /** Raw JSON (not the SDK) so that the tool's key order, which the template's tojson keeps, is known. */
    @Test
    void toolsAreRenderedThroughTheTemplate() throws Exception {
        String messages = "\"messages\":[{\"role\":\"system\",\"content\":\"You are brief.\"},{\"role\":\"user\","
                + "\"content\":\"What is the capital of France?\"}]";
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Weather of a city\"}}]";
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "get_weather");
        function.put("description", "Weather of a city");
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        int plain = promptTokensOf("{\"model\":\"" + MODEL + "\",\"max_tokens\":1," + messages + "}");
        int withTool = promptTokensOf("{\"model\":\"" + MODEL + "\",\"max_tokens\":1," + messages + "," + tools + "}");
        int none = promptTokensOf("{\"model\":\"" + MODEL + "\",\"max_tokens\":1,\"tool_choice\":\"none\"," + messages
                + "," + tools + "}");
        assertEquals(promptTokens(MESSAGES, List.of()), plain);
        assertEquals(promptTokens(MESSAGES, List.of(tool)), withTool);
        assertTrue(withTool > plain);
        assertEquals(plain, none, "tool_choice none renders no tools");
    }

    private static int promptTokensOf(String body) throws Exception {
        HttpResponse<String> r = server.raw("POST", "/chat/completions", "application/json",
                body.getBytes(StandardCharsets.UTF_8), TestServer.KEY_A);
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body()).path("usage").path("prompt_tokens").intValue();
    }

    static CompletionCreateParams.Builder completion(String prompt) {
        return CompletionCreateParams.builder().model(MODEL).prompt(prompt).seed(5).temperature(0.8).maxTokens(20);
    }

    @Test
    void completionHasShapeUsageAndFinishReason() {
        Completion c = client.completions().create(completion("The quick brown fox").n(2).build());
        assertTrue(c.id().startsWith("cmpl-"));
        assertEquals(2, c.choices().size());
        int promptLen = Tokenizer.load(modelDir).encodeWithSpecialTokens("The quick brown fox").length;
        CompletionUsage u = c.usage().orElseThrow();
        assertEquals(promptLen, u.promptTokens());
        assertEquals(u.promptTokens() + u.completionTokens(), u.totalTokens());
        for (CompletionChoice ch : c.choices()) {
            assertTrue(Set.of(CompletionChoice.FinishReason.STOP, CompletionChoice.FinishReason.LENGTH)
                    .contains(ch.finishReason()));
            assertFalse(ch.text().startsWith("The quick brown fox"), "no echo by default");
        }
    }

    @Test
    void promptsAsStringsTokenIdsAndTokenArraysGiveOneChoiceSetEach() {
        int[] ids = Tokenizer.load(modelDir).encodeWithSpecialTokens("Hello, world!");
        List<Long> tokens = new ArrayList<>();
        for (int id : ids) {
            tokens.add((long) id);
        }
        Completion byText = client.completions().create(completion("Hello, world!").build());
        Completion byIds = client.completions().create(completion("x")
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(tokens)).build());
        assertEquals(byText.choices().get(0).text(), byIds.choices().get(0).text());
        Completion two = client.completions().create(completion("x").n(2)
                .prompt(CompletionCreateParams.Prompt.ofArrayOfStrings(List.of("Hello, world!", "How are you?"))).build());
        assertEquals(4, two.choices().size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, two.choices().get(i).index());
        }
        assertEquals(byText.choices().get(0).text(), two.choices().get(0).text());
        Completion arrays = client.completions().create(completion("x")
                .prompt(CompletionCreateParams.Prompt.ofArrayOfTokenArrays(List.of(tokens, tokens))).build());
        assertEquals(2, arrays.choices().size());
        assertEquals(2 * ids.length, arrays.usage().orElseThrow().promptTokens());
    }

    @Test
    void echoWithLogprobsScoresThePrompt() {
        String prompt = "The capital of France is Paris.";
        Completion c = client.completions().create(completion(prompt).echo(true).logprobs(3).maxTokens(0).build());
        CompletionChoice ch = c.choices().get(0);
        assertEquals(prompt, ch.text());
        CompletionChoice.Logprobs lp = ch.logprobs().orElseThrow();
        int promptLen = Tokenizer.load(modelDir).encodeWithSpecialTokens(prompt).length;
        List<Double> values = lp.tokenLogprobs().orElseThrow();
        assertEquals(promptLen, values.size());
        assertNull(values.get(0), "nothing precedes the first prompt token");
        assertTrue(lp.topLogprobs().orElseThrow().get(1)._additionalProperties().size() >= 1);
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) < 0, "logprob " + values.get(i));
        }
        assertEquals(prompt, String.join("", lp.tokens().orElseThrow()));
        assertEquals(0, c.usage().orElseThrow().completionTokens());
        Completion more = client.completions().create(completion(prompt).echo(true).logprobs(0).maxTokens(5).build());
        String text = more.choices().get(0).text();
        assertTrue(text.startsWith(prompt), text);
        assertEquals(promptLen + more.usage().orElseThrow().completionTokens() - stopTokenCount(more),
                more.choices().get(0).logprobs().orElseThrow().tokenLogprobs().orElseThrow().size());
    }

    /** One when the choice ended on a stop token (counted in usage, absent from the logprobs). */
    private static int stopTokenCount(Completion c) {
        CompletionChoice ch = c.choices().get(0);
        return ch.finishReason() == CompletionChoice.FinishReason.STOP ? 1 : 0;
    }

    /**
     * Read with the lenient client: every streamed event but the last of a choice has
     * {@code finish_reason: null}, as OpenAI's own streams do, which the SDK's strict mode rejects.
     */
    @Test
    void streamedCompletionChunksConcatenateToTheNonStreamedText() {
        Completion whole = client.completions().create(completion("Numbers: 0 1 2").n(2).build());
        StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
        String[] reasons = new String[2];
        List<Completion> chunks;
        try (StreamResponse<Completion> s = server.lenientClient(TestServer.KEY_A).completions().createStreaming(completion("Numbers: 0 1 2").n(2)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = s.stream().toList();
        }
        for (Completion ch : chunks) {
            for (CompletionChoice c : ch.choices()) {
                texts[(int) c.index()].append(c.text());
                if (!c._finishReason().isNull()) {
                    reasons[(int) c.index()] = c.finishReason().asString();
                }
            }
        }
        assertEquals(whole.choices().get(0).text(), texts[0].toString());
        assertEquals(whole.choices().get(1).text(), texts[1].toString());
        assertEquals(whole.choices().get(0).finishReason().asString(), reasons[0]);
        assertEquals(whole.usage().orElseThrow(), chunks.get(chunks.size() - 1).usage().orElseThrow());
    }

    @Test
    void errorsNameTheModelOrParameter() {
        NotFoundException nf = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(chat("no-such-model").build()));
        assertEquals("model_not_found", nf.code().orElseThrow());
        assertThrows(NotFoundException.class, () -> client.completions().create(completion("x").model("nope").build()));
        String longText = "The quick brown fox jumps over the lazy dog. ".repeat(60);
        BadRequestException tooLong = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(chat(MODEL).addUserMessage(longText).build()));
        assertEquals("messages", tooLong.param().orElseThrow());
        assertEquals("context_length_exceeded", tooLong.code().orElseThrow());
        BadRequestException tooLongPrompt = assertThrows(BadRequestException.class,
                () -> client.completions().create(completion(longText).build()));
        assertEquals("prompt", tooLongPrompt.param().orElseThrow());
        BadRequestException suffix = assertThrows(BadRequestException.class,
                () -> client.completions().create(completion("def f(").suffix("return 1").build()));
        assertEquals("suffix", suffix.param().orElseThrow());
        BadRequestException vocab = assertThrows(BadRequestException.class, () -> client.completions().create(
                completion("x").prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(List.of(1L, 400L))).build()));
        assertEquals("prompt", vocab.param().orElseThrow());
        BadRequestException temp = assertThrows(BadRequestException.class,
                () -> client.chat().completions().create(chat(MODEL).temperature(3.0).build()));
        assertEquals("temperature", temp.param().orElseThrow());
        BadRequestException n = assertThrows(BadRequestException.class,
                () -> client.completions().create(completion("x").n(0).build()));
        assertEquals("n", n.param().orElseThrow());
    }
}
