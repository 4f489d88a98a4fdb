package dev.hone.server.http;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The one place that turns exceptions into HTTP responses with the OpenAI error envelope
 * (STYLE.md 24). User errors ({@link ApiException}) are logged as one line without a stack trace;
 * anything else is a 500 {@code server_error} whose stack trace goes to the log, never to the client.
 */
public final class ErrorMapper {
    private static final Logger LOG = System.getLogger("hone.http");

    private ErrorMapper() {
    }

    /** Installs the handlers and a final catch-all route that answers unknown paths with a 404 envelope. */
    public static void install(HttpRouting.Builder routing) {
        routing.error(ApiException.class, ErrorMapper::api);
        routing.error(Exception.class, ErrorMapper::unexpected);
    }

    /** The route of last resort: any request that matched no other route. */
    public static void unknownRoute(ServerRequest req, ServerResponse res) {
        throw ApiException.notFound(null, "unknown_url", "Invalid URL (" + req.prologue().method().text() + " "
                + path(req) + ")");
    }

    private static void api(ServerRequest req, ServerResponse res, ApiException e) {
        LOG.log(Level.INFO, "{0} {1} -> {2} {3}: {4}", req.prologue().method().text(), path(req), e.status(),
                e.code(), e.getMessage());
        write(res, e.status(), ErrorBody.of(e.getMessage(), e.type(), e.param(), e.code()));
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(Level.ERROR, "Unexpected failure in " + req.prologue().method().text() + " " + path(req), e);
        write(res, 500, ErrorBody.of("The server had an error while processing your request: "
                + e.getClass().getSimpleName() + ". The server log has the details.", "server_error", null, null));
    }

    private static String path(ServerRequest req) {
        return req.requestedUri().path().path();
    }

    private static void write(ServerResponse res, int status, ErrorBody body) {
        if (res.isSent()) {
            return;
        }
        Json.send(res, status, body);
    }
}
