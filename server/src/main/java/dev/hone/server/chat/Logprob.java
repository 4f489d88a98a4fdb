package dev.hone.server.chat;

import dev.hone.engine.generate.TokenLogprob;
import dev.hone.engine.generate.TopLogprob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine logprobs as the chat API shows them: each token as its decoded text with that text's UTF-8
 * bytes (a byte-level token holding part of a character decodes to U+FFFD, so its bytes are those of
 * the replacement character, not the raw byte).
 */
final class Logprob {
    private Logprob() {
    }

    static ChatWire.TokenLogprob chat(ServedModel model, TokenLogprob t) {
        List<ChatWire.TopLogprob> top = new ArrayList<>();
        for (TopLogprob alt : t.top()) {
            String s = model.tokenText(alt.token());
            top.add(new ChatWire.TopLogprob(s, alt.logprob(), bytes(s)));
        }
        String s = model.tokenText(t.token());
        return new ChatWire.TokenLogprob(s, t.logprob(), bytes(s), top);
    }

    private static List<Integer> bytes(String s) {
        List<Integer> out = new ArrayList<>();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.add(b & 0xff);
        }
        return out;
    }
}
