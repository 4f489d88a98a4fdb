package dev.hone.server.http;

import io.helidon.webserver.http.ServerRequest;

import java.util.List;
import java.util.function.Function;

/**
 * Cursor paging query parameters ({@code after}, {@code limit}) and the list envelope. Lists page
 * {@code after} the given id in the list's order and return an empty page past the end, which is what
 * stops the Java SDK's auto-pager (reference §0).
 */
public final class Paging {
    private Paging() {
    }

    /** {@code limit} from the query, defaulting to {@code dflt}, within {@code 1..max}. */
    public static int limit(ServerRequest req, int dflt, int max) {
        var v = req.query().first("limit");
        if (v.isEmpty()) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit", "invalid_type", "Invalid 'limit': expected an integer from 1"
                    + " to " + max + "; found '" + v.get() + "'.");
        }
        if (n < 1 || n > max) {
            throw ApiException.badRequest("limit", "invalid_value", "Invalid 'limit': expected an integer from 1"
                    + " to " + max + "; found " + n + ".");
        }
        return n;
    }

    /** {@code after} from the query, or null. */
    public static String after(ServerRequest req) {
        return req.query().first("after").filter(s -> !s.isBlank()).orElse(null);
    }

    /**
     * The list envelope: {@code object:"list"}, {@code data}, {@code first_id}/{@code last_id} (null on an
     * empty page) and {@code has_more}.
     */
    public record ListBody<T>(String object, List<T> data, String firstId, String lastId, boolean hasMore) {
        public static <T> ListBody<T> of(List<T> data, boolean hasMore, Function<T, String> id) {
            return new ListBody<>("list", data, data.isEmpty() ? null : id.apply(data.getFirst()),
                    data.isEmpty() ? null : id.apply(data.getLast()), hasMore);
        }

        /**
         * As {@link #of}, but an empty page carries {@code ""} cursors: the file list schema requires
         * {@code first_id}/{@code last_id} as strings, and the Java SDK's strict mode rejects null.
         */
        public static <T> ListBody<T> ofRequiredCursors(List<T> data, boolean hasMore, Function<T, String> id) {
            ListBody<T> body = of(data, hasMore, id);
            return data.isEmpty() ? new ListBody<>("list", data, "", "", hasMore) : body;
        }
    }

    /** A page of rows read with one extra row to learn {@code has_more}. */
    public record Page<T>(List<T> items, boolean hasMore) {
        /** Trims a {@code limit + 1} read to {@code limit}. */
        public static <T> Page<T> of(List<T> rows, int limit) {
            return rows.size() > limit ? new Page<>(List.copyOf(rows.subList(0, limit)), true)
                    : new Page<>(List.copyOf(rows), false);
        }
    }
}
