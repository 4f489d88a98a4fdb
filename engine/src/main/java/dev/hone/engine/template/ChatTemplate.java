package dev.hone.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.engine.template.internal.JinjaException;
import dev.hone.engine.template.internal.JinjaTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's chat template: the Jinja program in {@code tokenizer_config.json} that turns a list of
 * chat messages (and optional tool definitions) into the exact text the model was trained on.
 * Rendering matches {@code @huggingface/jinja} character for character (trim_blocks and
 * lstrip_blocks on), with the subset of Jinja that real chat templates use; see
 * {@code internal/} for the interpreter. Models without a template get {@link #CHATML}.
 * Not a tokenizer: {@link ChatEncoder} turns the text into ids and a loss mask. Immutable and safe to
 * share between threads: each render evaluates with fresh scopes.
 */
public final class ChatTemplate {
    /**
     * The fallback for models without a chat template: ChatML ({@code <|im_start|>role\ncontent<|im_end|>\n};
     * list content keeps its text parts), with each tool call written as {@code <tool_call>} JSON on its own
     * line after the content, and tool definitions (if any) listed as JSON in the system turn.
     */
    public static final String CHATML = """
            {%- if tools -%}
            {{- '<|im_start|>system\\n' -}}
            {%- if messages[0]['role'] == 'system' and messages[0]['content'] is string -%}
            {{- messages[0]['content'] + '\\n\\n' -}}
            {%- endif -%}
            {{- 'You can call these tools, one <tool_call>{"name": ..., "arguments": {...}}</tool_call> per call:' -}}
            {%- for tool in tools -%}{{- '\\n' + tool | tojson -}}{%- endfor -%}
            {{- '<|im_end|>\\n' -}}
            {%- endif -%}
            {%- for message in messages -%}
            {%- if not (tools and loop.first and message['role'] == 'system' and message['content'] is string) -%}
            {{- '<|im_start|>' + message['role'] + '\\n' -}}
            {%- if message['content'] is string -%}{{- message['content'] -}}
            {%- elif message['content'] is iterable -%}
            {%- for part in message['content'] if part['type'] == 'text' -%}{{- part['text'] -}}{%- endfor -%}
            {%- endif -%}
            {%- if message['tool_calls'] is defined and message['tool_calls'] -%}
            {%- for call in message['tool_calls'] -%}
            {%- if not loop.first or (message['content'] is string and message['content']) -%}{{- '\\n' -}}{%- endif -%}
            {{- '<tool_call>\\n' + (call['function'] if call['function'] is defined else call) | tojson + '\\n</tool_call>' -}}
            {%- endfor -%}
            {%- endif -%}
            {{- '<|im_end|>\\n' -}}
            {%- endif -%}
            {%- endfor -%}
            {%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String origin;
    private final Map<String, String> specialTokens;
    private final JinjaTemplate template;

    private ChatTemplate(String source, String origin, Map<String, String> specialTokens) {
        this.source = source;
        this.origin = origin;
        this.specialTokens = Map.copyOf(specialTokens);
        try {
            this.template = JinjaTemplate.parse(source);
        } catch (JinjaException e) {
            throw translate(e);
        }
    }

    /**
     * Reads the chat template of a Hugging Face model directory: {@code tokenizer_config.json}'s
     * {@code chat_template} (a string, or a list of named templates of which "default" or the first is
     * used), else a {@code chat_template.jinja} file, else {@link #CHATML}. Special tokens
     * ({@code bos_token}, {@code eos_token}, {@code pad_token}, {@code unk_token}) come from the same
     * config and are passed to the template as variables.
     *
     * @throws UnableToLoadChatTemplateException if a file exists but cannot be read or parsed
     * @throws ChatTemplateException             if the template has a syntax error or unsupported statement
     */
    public static ChatTemplate load(Path modelDir) {
        Path config = modelDir.resolve("tokenizer_config.json");
        Map<String, String> tokens = new LinkedHashMap<>();
        String template = null;
        String origin = null;
        if (Files.isRegularFile(config)) {
            JsonNode root = readJson(config);
            for (String name : List.of("bos_token", "eos_token", "pad_token", "unk_token")) {
                String token = tokenText(root.get(name));
                if (token != null) {
                    tokens.put(name, token);
                }
            }
            template = templateText(root.get("chat_template"), config);
            origin = config.toString();
        }
        Path jinja = modelDir.resolve("chat_template.jinja");
        if (template == null && Files.isRegularFile(jinja)) {
            try {
                template = Files.readString(jinja);
                origin = jinja.toString();
            } catch (IOException e) {
                throw new UnableToLoadChatTemplateException("cannot read " + jinja + ": " + e.getMessage(), e);
            }
        }
        if (template == null) {
            return new ChatTemplate(CHATML, "the ChatML fallback (no chat_template in " + modelDir + ")", tokens);
        }
        return new ChatTemplate(template, origin, tokens);
    }

    /**
     * A template from source text.
     *
     * @param source        Jinja source of the template
     * @param specialTokens variables such as {@code bos_token}/{@code eos_token} (may be empty)
     */
    public static ChatTemplate of(String source, Map<String, String> specialTokens) {
        return new ChatTemplate(source, "the given chat template", specialTokens);
    }

    /** The ChatML fallback with the given special tokens. */
    public static ChatTemplate chatMl(Map<String, String> specialTokens) {
        return new ChatTemplate(CHATML, "the ChatML fallback", specialTokens);
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UnableToLoadChatTemplateException("cannot read " + file + " as JSON: " + e.getMessage()
                    + ". Fix: restore the model's tokenizer_config.json.", e);
        }
    }

    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        JsonNode content = node.get("content");
        return content != null && content.isTextual() ? content.asText() : null;
    }

    private static String templateText(JsonNode node, Path config) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray() && !node.isEmpty()) {
            for (JsonNode named : node) {
                if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
                    return named.get("template").asText();
                }
            }
            if (node.get(0).path("template").isTextual()) {
                return node.get(0).get("template").asText();
            }
        }
        throw new UnableToLoadChatTemplateException("chat_template in " + config + " is neither a string nor a "
                + "list of {name, template}: found " + node.getNodeType() + ". Fix: set it to the template text.");
    }

    /** The template's Jinja source. */
    public String source() {
        return source;
    }

    /** The special tokens passed to the template ({@code bos_token}, {@code eos_token}, ...). */
    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    /**
     * Renders a conversation.
     *
     * @param messages            chat messages: maps with {@code role}, {@code content} (string, list of parts
     *                            or null) and optional fields such as {@code tool_calls}, {@code tool_call_id}
     * @param tools               tool definitions as in the OpenAI API, or null for none (passed as {@code none})
     * @param addGenerationPrompt whether to end with the header that starts the assistant's reply
     * @param extraVariables      further template variables (e.g. {@code enable_thinking}); may be null;
     *                            they override the defaults above
     * @return the rendered text, special tokens included as text
     * @throws ChatTemplateException naming the template line, if rendering fails or the template
     *                               rejects the conversation ({@code raise_exception})
     */
    public String render(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                         boolean addGenerationPrompt, Map<String, Object> extraVariables) {
        try {
            return template.render(variables(messages, tools, addGenerationPrompt, extraVariables));
        } catch (JinjaException e) {
            throw translate(e);
        }
    }

    /** The variables {@link #render} binds, as Hugging Face's apply_chat_template passes them. */
    Map<String, Object> variables(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                                  boolean addGenerationPrompt, Map<String, Object> extraVariables) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("messages", messages);
        vars.put("tools", tools);
        vars.put("add_generation_prompt", addGenerationPrompt);
        vars.putAll(specialTokens);
        if (extraVariables != null) {
            vars.putAll(extraVariables);
        }
        return vars;
    }

    private ChatTemplateException translate(JinjaException e) {
        String where = " (chat template line " + (e.line() < 0 ? "?" : e.line()) + ", from " + origin + ")";
        if (e.raisedByTemplate()) {
            return new ChatTemplateException("the chat template rejected the conversation: " + e.getMessage() + where);
        }
        return new ChatTemplateException("cannot render the chat template: " + e.getMessage() + where, e);
    }
}
