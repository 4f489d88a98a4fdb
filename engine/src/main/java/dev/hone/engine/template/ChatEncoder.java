package dev.hone.engine.template;

import dev.hone.engine.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns training examples into token ids and a loss mask. Chat examples: the conversation rendered by
 * the model's {@link ChatTemplate}, trainable only on assistant messages (content, tool calls and the
 * end-of-turn marker), never on system/user/tool messages or assistant messages with
 * {@code weight: 0}. Prompt/completion examples: the prompt is context, the completion plus EOS is
 * trained.
 *
 * <p>Tokenisation: the ids are always those of the whole rendered text ({@code Tokenizer.encode}, no
 * BOS added: templates write their own). The mask comes from tokenising the text segment by segment
 * (prompt parts and trainable parts) when that yields exactly the same ids, which it does for the
 * usual templates because segments meet at special tokens. When a BPE merge crosses a segment
 * boundary, the mask is aligned instead by tokenising the text up to each boundary; a token that
 * straddles a boundary is trainable (it holds trainable characters).
 *
 * <p>Stateless: safe to share between threads when its tokenizer is.
 */
public final class ChatEncoder {
    private final ChatTemplate template;
    private final Tokenizer tokenizer;

    /**
     * @param template  the model's chat template
     * @param tokenizer the model's tokenizer
     */
    public ChatEncoder(ChatTemplate template, Tokenizer tokenizer) {
        this.template = template;
        this.tokenizer = tokenizer;
    }

    /** The encoder of a Hugging Face model directory: its chat template (or ChatML) and tokenizer. */
    public static ChatEncoder load(Path modelDir) {
        return new ChatEncoder(ChatTemplate.load(modelDir), Tokenizer.load(modelDir));
    }

    /** The template this encoder renders with. */
    public ChatTemplate template() {
        return template;
    }

    /**
     * Encodes a chat example.
     *
     * @param messages OpenAI-style messages; an assistant message may carry {@code weight} 0 or 1
     * @param tools    tool definitions, or null
     * @throws ChatTemplateException        if the template rejects or cannot render the conversation
     * @throws UnableToEncodeChatException  if an assistant message cannot be located in the rendered text
     */
    public EncodedChat encode(List<Map<String, Object>> messages, List<Map<String, Object>> tools) {
        return encode(messages, tools, Map.of());
    }

    /** As {@link #encode(List, List)}, with extra template variables (e.g. {@code enable_thinking}). */
    public EncodedChat encode(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                              Map<String, Object> extraVariables) {
        return encodeRendered(RenderedChat.of(template, messages, tools, extraVariables));
    }

    /** The rendered text and its trainable character ranges, as {@link #encode} sees them. */
    public RenderedChat render(List<Map<String, Object>> messages, List<Map<String, Object>> tools) {
        return RenderedChat.of(template, messages, tools, Map.of());
    }

    EncodedChat encodeRendered(RenderedChat chat) {
        String text = chat.text();
        int[] ids = tokenizer.encode(text);
        List<int[]> segments = segments(text.length(), chat.spans());
        List<Integer> segmentIds = new ArrayList<>();
        List<Boolean> segmentMask = new ArrayList<>();
        for (int[] seg : segments) {
            for (int id : tokenizer.encode(text.substring(seg[0], seg[1]))) {
                segmentIds.add(id);
                segmentMask.add(seg[2] == 1);
            }
        }
        boolean[] trainable = new boolean[ids.length];
        if (segmentIds.size() == ids.length && sameIds(segmentIds, ids)) {
            for (int i = 0; i < ids.length; i++) {
                trainable[i] = segmentMask.get(i);
            }
            return new EncodedChat(ids, trainable);
        }
        for (int[] span : chat.spans()) {
            int from = tokenBoundary(text, span[0], ids, false);
            int to = tokenBoundary(text, span[1], ids, true);
            Arrays.fill(trainable, Math.min(from, ids.length), Math.min(Math.max(to, from), ids.length), true);
        }
        return new EncodedChat(ids, trainable);
    }

    private static boolean sameIds(List<Integer> a, int[] b) {
        for (int i = 0; i < b.length; i++) {
            if (a.get(i) != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** [start, end, trainable?1:0] pieces covering the whole text. */
    private static List<int[]> segments(int length, List<int[]> spans) {
        List<int[]> out = new ArrayList<>();
        int at = 0;
        for (int[] s : spans) {
            if (s[0] > at) {
                out.add(new int[] {at, s[0], 0});
            }
            out.add(new int[] {s[0], s[1], 1});
            at = s[1];
        }
        if (at < length) {
            out.add(new int[] {at, length, 0});
        }
        return out;
    }

    /**
     * Index of the first token of {@code ids} that does not lie wholly before character {@code p}; for an
     * end boundary, one more when the token there straddles {@code p}.
     */
    private int tokenBoundary(String text, int p, int[] ids, boolean end) {
        int[] before = tokenizer.encode(text.substring(0, p));
        int k = 0;
        while (k < before.length && k < ids.length && before[k] == ids[k]) {
            k++;
        }
        boolean clean = k == before.length;
        return end && !clean ? k + 1 : k;
    }

    /**
     * Encodes a prompt/completion example: the prompt as the tokenizer's post-processor frames a single
     * text (e.g. with BOS), not trainable; the completion and EOS, trainable.
     *
     * @throws IllegalArgumentException if the completion is empty
     */
    public EncodedChat encodePromptCompletion(String prompt, String completion) {
        if (completion == null || completion.isEmpty()) {
            throw new IllegalArgumentException("the completion is empty: there is nothing to train on");
        }
        int[] p = tokenizer.encodeWithSpecialTokens(prompt == null ? "" : prompt);
        int eos = tokenizer.eosId().orElse(-1);
        if (eos >= 0 && p.length > 0 && p[p.length - 1] == eos) {
            p = Arrays.copyOf(p, p.length - 1);
        }
        int[] c = tokenizer.encode(completion);
        int n = p.length + c.length + (eos >= 0 ? 1 : 0);
        int[] ids = Arrays.copyOf(p, n);
        System.arraycopy(c, 0, ids, p.length, c.length);
        if (eos >= 0) {
            ids[n - 1] = eos;
        }
        boolean[] trainable = new boolean[n];
        Arrays.fill(trainable, p.length, n, true);
        return new EncodedChat(ids, trainable);
    }
}
