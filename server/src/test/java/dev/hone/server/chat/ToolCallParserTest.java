package dev.hone.server.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.server.chat.ChatWire.ToolCall;
import org.junit.jupiter.api.Test;

import java.util.Set;

/** Tool calls found in the two formats chat templates teach, and text that only looks like one left alone. */
class ToolCallParserTest {
    private static final Set<String> TOOLS = Set.of("get_weather", "add");

    @Test
    void hermesBlocksBecomeCallsAndTheRestIsContent() {
        ToolCallParser.Parsed p = ToolCallParser.parse("Let me check.\n<tool_call>\n{\"name\": \"get_weather\", "
                + "\"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n<tool_call>{\"name\": \"add\", \"arguments\": "
                + "\"{\\\"a\\\": 1}\"}</tool_call>", TOOLS);
        assertEquals("Let me check.", p.content());
        assertEquals(2, p.calls().size());
        ToolCall first = p.calls().get(0);
        assertEquals("function", first.type());
        assertTrue(first.id().startsWith("call_") && first.id().length() == 29, first.id());
        assertEquals("get_weather", first.function().name());
        assertEquals("{\"city\":\"Paris\"}", first.function().arguments());
        assertEquals("{\"a\": 1}", p.calls().get(1).function().arguments(), "string arguments are kept as given");
    }

    @Test
    void llamaJsonReplyNamingADeclaredToolIsACall() {
        ToolCallParser.Parsed p = ToolCallParser.parse(" {\"name\": \"add\", \"parameters\": {\"a\": 2, \"b\": 3}}\n", TOOLS);
        assertNull(p.content());
        assertEquals("add", p.calls().get(0).function().name());
        assertEquals("{\"a\":2,\"b\":3}", p.calls().get(0).function().arguments());
    }

    @Test
    void plainTextBrokenBlocksAndUndeclaredJsonStayContent() {
        assertEquals(0, ToolCallParser.parse("The weather is fine.", TOOLS).calls().size());
        String broken = "<tool_call>{\"name\": get_weather}</tool_call>";
        ToolCallParser.Parsed p = ToolCallParser.parse(broken, TOOLS);
        assertEquals(broken, p.content());
        assertEquals(0, p.calls().size());
        String json = "{\"name\": \"Alice\", \"parameters\": {}}";
        assertEquals(json, ToolCallParser.parse(json, TOOLS).content());
    }
}
