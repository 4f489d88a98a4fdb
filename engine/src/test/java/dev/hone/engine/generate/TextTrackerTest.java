package dev.hone.engine.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

class TextTrackerTest {
    /** Byte-level: token id = one UTF-8 byte. */
    private static final Detokenizer BYTES = ids -> {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return new String(b, StandardCharsets.UTF_8);
    };

    private static int[] bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }

    @Test
    void multiByteCharactersAreEmittedOnlyWhenComplete() {
        TextTracker t = new TextTracker(BYTES, List.of());
        StringBuilder out = new StringBuilder();
        for (int id : bytes("h€l😀")) {
            String delta = t.add(id);
            assertFalse(delta.contains("\uFFFD"), "emitted a partial character: " + delta);
            out.append(delta);
        }
        out.append(t.finish());
        assertEquals("h€l😀", out.toString());
    }

    @Test
    void aPossibleStopStringIsHeldBackThenReleasedOrCut() {
        TextTracker t = new TextTracker(BYTES, List.of("END"));
        StringBuilder out = new StringBuilder();
        for (int id : bytes("aEN")) {
            out.append(t.add(id));
        }
        assertEquals("a", out.toString(), "'EN' may start the stop string");
        out.append(t.add('X'));
        assertEquals("aENX", out.toString());
        for (int id : bytes("yyEND!")) {
            out.append(t.add(id));
            if (t.stopped()) {
                break;
            }
        }
        assertTrue(t.stopped());
        out.append(t.finish());
        assertEquals("aENXyy", out.toString());
        assertEquals("aENXyy", t.text());
    }
}
