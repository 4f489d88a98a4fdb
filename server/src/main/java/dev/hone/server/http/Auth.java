package dev.hone.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.util.Map;

/**
 * Bearer-key authentication: maps {@code Authorization: Bearer KEY} to the key's organization and
 * registers it in the request context. With no keys configured every request belongs to the default
 * organization (open mode). Objects are scoped by organization in the stores, so another
 * organization's ids answer 404.
 */
public final class Auth implements Filter {
    private final Map<String, String> keys;
    private final String openOrg;

    /**
     * @param keys    API key → organization; empty for open mode
     * @param openOrg the organization of every request in open mode
     */
    public Auth(Map<String, String> keys, String openOrg) {
        this.keys = Map.copyOf(keys);
        this.openOrg = openOrg;
    }

    /** The authenticated caller. */
    public record Caller(String org) {
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        req.context().register(new Caller(resolve(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))));
        chain.proceed();
    }

    String resolve(String header) {
        if (keys.isEmpty()) {
            return openOrg;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.invalidApiKey("You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        String key = header.substring(7).trim();
        String org = keys.get(key);
        if (org == null) {
            throw ApiException.invalidApiKey("Incorrect API key provided: " + redact(key)
                    + ". Use one of the keys configured in HONE_API_KEYS.");
        }
        return org;
    }

    /** The organization of the request, as registered by this filter. */
    public static String org(ServerRequest req) {
        return req.context().get(Caller.class).map(Caller::org)
                .orElseThrow(() -> new IllegalStateException("Auth filter did not run for "
                        + req.requestedUri().path().path()));
    }

    private static String redact(String key) {
        if (key.length() <= 8) {
            return "****";
        }
        return key.substring(0, 3) + "****" + key.substring(key.length() - 4);
    }
}
