package dev.hone.server.integrations.wandb;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where and as whom jobs log to Weights &amp; Biases, read from the environment once at start. Not a
 * client: {@link WandbClient} does the talking. The keys are secrets: {@link #toString()} never shows them.
 *
 * @param defaultKey the key of every organization without its own ({@code HONE_WANDB_API_KEY}), or null
 * @param orgKeys    organization id → key ({@code HONE_WANDB_API_KEYS}, format
 *                   {@code org-a=KEY_A,org-b=KEY_B}); overrides {@code defaultKey} for those organizations
 * @param baseUrl    the W&amp;B server ({@code WANDB_BASE_URL}, default {@link #PUBLIC_SERVICE}); a
 *                   self-hosted server is given by its root URL, e.g. {@code http://wandb.internal:8080}
 * @param run        how runs queue, batch and retry: {@code HONE_WANDB_ATTEMPTS} tries per call (default 5) and
 *                   {@code HONE_WANDB_BACKOFF_MS} before the second try, doubled after each (default 1000),
 *                   otherwise {@link WandbRun.Settings#DEFAULT}
 */
public record WandbConfig(String defaultKey, Map<String, String> orgKeys, URI baseUrl, WandbRun.Settings run) {
    /** The public service, used when {@code WANDB_BASE_URL} is not set. */
    public static final URI PUBLIC_SERVICE = URI.create("https://api.wandb.ai");

    public WandbConfig {
        orgKeys = Map.copyOf(orgKeys);
        run = run == null ? WandbRun.Settings.DEFAULT : run;
        if (defaultKey != null && defaultKey.isBlank()) {
            defaultKey = null;
        }
        String scheme = baseUrl == null ? null : baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("Invalid WANDB_BASE_URL '" + baseUrl + "': expected an http(s) URL"
                    + " such as " + PUBLIC_SERVICE + " or http://wandb.internal:8080.");
        }
    }

    /** No key anywhere, the public service: jobs with a {@code wandb} integration are refused. */
    public static WandbConfig none() {
        return new WandbConfig(null, Map.of(), PUBLIC_SERVICE, null);
    }

    /** The settings in {@code env} ({@code HONE_WANDB_API_KEY}, {@code HONE_WANDB_API_KEYS}, {@code WANDB_BASE_URL}). */
    public static WandbConfig fromEnv(Map<String, String> env) {
        String url = env.getOrDefault("WANDB_BASE_URL", "").trim();
        URI base;
        try {
            base = url.isEmpty() ? PUBLIC_SERVICE : URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1)
                    : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid WANDB_BASE_URL '" + url + "': expected an http(s) URL such"
                    + " as " + PUBLIC_SERVICE + ".", e);
        }
        String key = env.get("HONE_WANDB_API_KEY");
        WandbRun.Settings d = WandbRun.Settings.DEFAULT;
        long backoff = number(env, "HONE_WANDB_BACKOFF_MS", d.firstBackoff().toMillis());
        WandbRun.Settings run = new WandbRun.Settings(d.queue(), d.maxBatch(), d.linger(),
                (int) number(env, "HONE_WANDB_ATTEMPTS", d.attempts()), Duration.ofMillis(backoff),
                Duration.ofMillis(Math.max(backoff, d.maxBackoff().toMillis())));
        return new WandbConfig(key == null ? null : key.trim(), parseOrgKeys(env.getOrDefault("HONE_WANDB_API_KEYS",
                "")), base, run);
    }

    /** The key jobs of {@code org} log with: its own, else the default, else empty. */
    public Optional<String> keyFor(String org) {
        return Optional.ofNullable(orgKeys.getOrDefault(org, defaultKey));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + name + " '" + v + "': expected a whole number.");
        }
    }

    /** What to set so that {@code org} can use the integration (for the 400 message). */
    public static String howToConfigure(String org) {
        return "Set HONE_WANDB_API_KEY (every organization) or HONE_WANDB_API_KEYS=" + org + "=<key> (this"
                + " organization) on the server, and WANDB_BASE_URL for a self-hosted W&B server.";
    }

    /** Parses {@code org-a=KEY,org-b=KEY}; keys are not echoed in errors. */
    static Map<String, String> parseOrgKeys(String spec) {
        Map<String, String> keys = new LinkedHashMap<>();
        int n = 0;
        for (String item : spec.split(",")) {
            n++;
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            String org = eq < 0 ? "" : s.substring(0, eq).trim();
            String key = eq < 0 ? "" : s.substring(eq + 1).trim();
            if (org.isEmpty() || key.isEmpty()) {
                throw new IllegalArgumentException("Invalid HONE_WANDB_API_KEYS entry " + n + " (of the comma-separated"
                        + " list): expected organization=key, e.g. org-team-a=<40-character key>.");
            }
            keys.put(org, key);
        }
        return keys;
    }

    @Override
    public String toString() {
        return "WandbConfig[defaultKey=" + (defaultKey == null ? "none" : "***") + ", orgKeys=" + orgKeys.keySet()
                + ", baseUrl=" + baseUrl + ", run=" + run + "]";
    }
}
