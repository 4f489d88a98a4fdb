package dev.hone.server.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hone.server.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent events response as OpenAI streams it: {@code data: <json>\n\n} per event, flushed at
 * once, and {@code data: [DONE]\n\n} at the end. The first failed write (the client went away) marks the
 * stream {@link #closed()}, which the generator polls as its cancellation check, so generation stops at
 * the next token instead of running on for nobody. Not thread-safe: one generating thread writes.
 */
public final class SseStream implements AutoCloseable {
    private final OutputStream out;
    private volatile boolean closed;

    private SseStream(OutputStream out) {
        this.out = out;
    }

    /** Starts the event stream: status 200, {@code text/event-stream}, no caching. */
    public static SseStream open(ServerResponse res) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        return new SseStream(res.outputStream());
    }

    /** Sends one event carrying {@code body} as JSON; a no-op once the client is gone. */
    public void send(Object body) {
        try {
            write("data: " + Json.MAPPER.writeValueAsString(body) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    /** True once a write failed: the client disconnected. */
    public boolean closed() {
        return closed;
    }

    private void write(String event) {
        if (closed) {
            return;
        }
        try {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {     // Helidon: ServerConnectionException, UncheckedIOException
            closed = true;
        }
    }

    /** Sends {@code [DONE]} and ends the response. */
    public void done() {
        write("data: [DONE]\n\n");
        close();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {     // Helidon: ServerConnectionException, UncheckedIOException
            closed = true;
        }
    }
}
