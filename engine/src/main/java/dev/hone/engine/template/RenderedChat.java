package dev.hone.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation rendered to text, with the character ranges the model is trained to produce: each
 * assistant message's part of the text (its content, tool calls and end-of-turn marker), except
 * messages with {@code weight: 0}.
 *
 * <p>How the ranges are found, for any template: for assistant message {@code i}, render
 * {@code messages[:i]} with the generation prompt (the prompt the model would see) and
 * {@code messages[:i+1]} without (the prompt plus the model's answer). The answer starts where the
 * prompt stops matching the full text. Its length is the answer's part that the full text repeats:
 * all of it for most templates, its tail when the template drops earlier reasoning from history
 * (Qwen3 renders {@code <think>} only after the last user turn), its head when the template ends
 * earlier turns with a different marker. When the prompt differs from the full text before the answer
 * (a template that writes tool definitions before the last user message only), or the located part
 * misses the message's content although the answer has it, the whole answer is looked up in the rest
 * of the text instead; if it is not there, {@link UnableToEncodeChatException}. A line break that follows the end-of-turn marker is not a
 * target.
 *
 * @param text  the full conversation as {@link ChatTemplate#render} writes it, without generation prompt
 * @param spans trainable character ranges {@code [start, end)} of {@code text}, sorted, not overlapping
 */
public record RenderedChat(String text, List<int[]> spans) {

    /** Renders {@code messages} and locates the trainable ranges. */
    static RenderedChat of(ChatTemplate template, List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                           Map<String, Object> extra) {
        List<Map<String, Object>> clean = new ArrayList<>();
        for (Map<String, Object> m : messages) {
            clean.add(m.containsKey("weight") ? withoutWeight(m) : m);
        }
        String text = template.render(clean, tools, false, extra);
        List<int[]> spans = new ArrayList<>();
        int previousEnd = 0;
        for (int i = 0; i < clean.size(); i++) {
            if (!"assistant".equals(clean.get(i).get("role"))) {
                continue;
            }
            String prompt = renderOrEmpty(template, clean.subList(0, i), tools, extra);
            String answered = template.render(clean.subList(0, i + 1), tools, false, extra);
            int start = Math.max(commonPrefix(prompt, text), previousEnd);
            String answer = answered.substring(commonPrefix(prompt, answered));
            String rest = text.substring(start);
            int length = Math.max(commonPrefix(answer, rest), suffixPrefixOverlap(answer, rest));
            String core = contentCore(clean.get(i));
            boolean lost = core != null && answer.contains(core) && !text.substring(start, start + length).contains(core);
            if ((length == 0 && !answer.isEmpty()) || lost) {
                int found = text.indexOf(answer, previousEnd);
                if (found < 0) {
                    throw new UnableToEncodeChatException("cannot locate assistant message " + i + " in the rendered "
                            + "conversation: the chat template renders it as " + quote(answer) + " when it is the last "
                            + "message, but the full conversation continues with " + quote(rest) + ". Fix: check the "
                            + "template, or train on conversations that end with this message.");
                }
                start = found;
                length = answer.length();
            }
            int end = start + length;
            while (end > start && text.charAt(end - 1) == '\n' && end - 1 > start) {
                end--;
            }
            previousEnd = start + length;
            if (trainable(messages.get(i)) && end > start) {
                spans.add(new int[] {start, end});
            }
        }
        return new RenderedChat(text, List.copyOf(spans));
    }

    private static Map<String, Object> withoutWeight(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.remove("weight");
        return copy;
    }

    /** The answer part of a string content (after any {@code </think>}), stripped; null when empty or not a string. */
    private static String contentCore(Map<String, Object> message) {
        if (!(message.get("content") instanceof String content)) {
            return null;
        }
        int think = content.lastIndexOf("</think>");
        String core = (think < 0 ? content : content.substring(think + "</think>".length())).strip();
        return core.isEmpty() ? null : core;
    }

    /** False only for {@code weight: 0} (OpenAI's way to keep an assistant turn as context only). */
    static boolean trainable(Map<String, Object> message) {
        Object w = message.get("weight");
        return !(w instanceof Number n && n.doubleValue() == 0);
    }

    private static String renderOrEmpty(ChatTemplate template, List<Map<String, Object>> messages,
                                        List<Map<String, Object>> tools, Map<String, Object> extra) {
        try {
            return template.render(messages, tools, true, extra);
        } catch (ChatTemplateException e) {
            if (messages.isEmpty()) {
                return "";
            }
            throw e;
        }
    }

    private static String quote(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + cut.replace("\n", "\\n") + "\"";
    }

    static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Length of the longest suffix of {@code a} that is also a prefix of {@code b} (KMP failure function). */
    static int suffixPrefixOverlap(String a, String b) {
        String tail = a.length() > b.length() ? a.substring(a.length() - b.length()) : a;
        String s = b.substring(0, Math.min(b.length(), tail.length())) + '\u0000' + tail;
        int[] fail = new int[s.length()];
        for (int i = 1; i < s.length(); i++) {
            int k = fail[i - 1];
            while (k > 0 && s.charAt(i) != s.charAt(k)) {
                k = fail[k - 1];
            }
            if (s.charAt(i) == s.charAt(k)) {
                k++;
            }
            fail[i] = k;
        }
        int k = fail[s.length() - 1];
        while (k > 0 && !b.startsWith(a.substring(a.length() - k))) {
            k--;
        }
        return k;
    }
}
