package dev.hone.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loading templates from model directories, and failures that name the template line and the fix. */
class ChatTemplateErrorsTest {
    private static final List<Map<String, Object>> CHAT = List.of(
            Map.of("role", "user", "content", "Hi"), Map.of("role", "assistant", "content", "Hello"));

    @Test
    void unsupportedStatementNamesItsLine() {
        var e = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("line one\n{% if true %}\n{% call foo() %}{% endcall %}\n{% endif %}", Map.of()));
        assertTrue(e.getMessage().contains("unsupported statement 'call'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void runtimeErrorNamesItsLine() {
        ChatTemplate t = ChatTemplate.of("{% for m in messages %}\n{{ m.content }}\n{{ m.content | frobnicate }}\n"
                + "{% endfor %}", Map.of());
        var e = assertThrows(ChatTemplateException.class, () -> t.render(CHAT, null, false, null));
        assertTrue(e.getMessage().contains("unsupported filter 'frobnicate'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void raiseExceptionIsReportedAsTheTemplateRejectingTheConversation() {
        ChatTemplate gemma = ChatTemplateOracleTest.modelTemplate("gemma3");
        var e = assertThrows(ChatTemplateException.class, () -> gemma.render(
                List.of(Map.of("role", "user", "content", "a"), Map.of("role", "user", "content", "b")), null, true, null));
        assertTrue(e.getMessage().startsWith("the chat template rejected the conversation: Conversation roles must "
                + "alternate user/assistant/user/assistant/..."), e.getMessage());
    }

    @Test
    void modelWithoutTemplateGetsChatMl(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        ChatTemplate t = ChatTemplate.load(dir);
        assertEquals(ChatTemplate.CHATML, t.source());
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>assistant\n",
                t.render(CHAT, null, true, null));
        assertEquals("</s>", t.specialTokens().get("eos_token"));
        assertEquals(ChatTemplate.CHATML, ChatTemplate.load(dir.resolve("missing")).source());
    }

    @Test
    void chatMlWritesToolCalls() {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "add");
        function.put("arguments", "{\"a\": 1}");
        Map<String, Object> call = Map.of("role", "assistant", "tool_calls", List.of(Map.of("type", "function",
                "function", function)));
        String text = ChatTemplate.chatMl(Map.of()).render(List.of(call), null, false, null);
        assertEquals("<|im_start|>assistant\n<tool_call>\n{\"name\": \"add\", \"arguments\": \"{\\\"a\\\": 1}\"}\n"
                + "</tool_call><|im_end|>\n", text);
    }

    @Test
    void chatMlListsToolsInTheSystemTurnAndKeepsTextParts() {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", Map.of("name", "now"));
        List<Map<String, Object>> chat = List.of(Map.of("role", "system", "content", "Sys."),
                Map.of("role", "user", "content", List.of(Map.of("type", "image"), Map.of("type", "text", "text", "Hi"))));
        String text = ChatTemplate.chatMl(Map.of()).render(chat, List.of(tool), false, null);
        assertEquals("<|im_start|>system\nSys.\n\nYou can call these tools, one <tool_call>{\"name\": ..., \"arguments\": "
                + "{...}}</tool_call> per call:\n{\"type\": \"function\", \"function\": {\"name\": \"now\"}}<|im_end|>\n"
                + "<|im_start|>user\nHi<|im_end|>\n", text);
    }

    @Test
    void readsNamedTemplateListsAndJinjaFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": {\"content\": \"<B>\"}, \"chat_template\":"
                + " [{\"name\": \"tool_use\", \"template\": \"T\"}, {\"name\": \"default\", \"template\": \"{{ bos_token }}D\"}]}");
        assertEquals("<B>D", ChatTemplate.load(dir).render(CHAT, null, false, null));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages | length }}\n");
        assertEquals("2", ChatTemplate.load(dir).render(CHAT, null, false, null));
    }

    @Test
    void corruptConfigFailsWithTheFileName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": ");
        var e = assertThrows(UnableToLoadChatTemplateException.class, () -> ChatTemplate.load(dir));
        assertTrue(e.getMessage().contains("tokenizer_config.json"), e.getMessage());
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": 42}");
        assertThrows(UnableToLoadChatTemplateException.class, () -> ChatTemplate.load(dir));
    }
}
