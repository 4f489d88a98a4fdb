package dev.hone.server;

import dev.hone.server.integrations.wandb.WandbConfig;
import dev.hone.server.models.BundledModels;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a Hone server, resolved once: command-line flag, then environment ({@code HONE_*}),
 * then the embedded default. Embedded defaults need no configuration at all: data under {@code ./.hone},
 * loopback port 8080, no API keys (open mode).
 *
 * @param host      listen address ({@code HONE_HOST}, default {@code 127.0.0.1})
 * @param port      listen port ({@code HONE_PORT}, default 8080; 0 picks a free one)
 * @param home      data directory ({@code HONE_HOME}, default {@code ./.hone})
 * @param models    base models directory ({@code HONE_MODELS}, default {@code HONE_HOME/models})
 * @param apiKeys   API key → organization id ({@code HONE_API_KEYS}); empty means open mode
 * @param bundledModels the repository's bundled models directory, searched after {@code models}
 *                  ({@code HONE_BUNDLED_MODELS}, set by the {@code ./hone} launcher; an empty value turns it off;
 *                  default: found from where Hone runs, see {@link BundledModels}); null when there is none
 * @param modelCache base models kept loaded for inference ({@code HONE_MODEL_CACHE}, default 2), least
 *                   recently used evicted first; fine-tuned adapters share their base's slot
 * @param wandb     W&amp;B keys and server ({@code HONE_WANDB_API_KEY}, {@code HONE_WANDB_API_KEYS},
 *                  {@code WANDB_BASE_URL}); see {@link WandbConfig}
 */
public record HoneConfig(String host, int port, Path home, Path models, Map<String, String> apiKeys,
                         Path bundledModels, int modelCache, WandbConfig wandb) {
    /** Organization of keys configured without one, and of every request in open mode. */
    public static final String DEFAULT_ORG = "org-default";

    public HoneConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port + ": expected 0..65535 (0 picks a free port).");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Invalid host: expected an address such as 127.0.0.1; found none.");
        }
        if (modelCache < 1) {
            throw new IllegalArgumentException("Invalid HONE_MODEL_CACHE " + modelCache
                    + ": expected at least 1 model (each cached model holds its weights in memory).");
        }
        apiKeys = Map.copyOf(apiKeys);
        wandb = wandb == null ? WandbConfig.none() : wandb;
    }

    /**
     * Resolves the configuration.
     *
     * @param host  the {@code --host} flag, or null
     * @param port  the {@code --port} flag, or null
     * @param home  the {@code --home} flag, or null
     * @param env   the environment to read {@code HONE_*} from
     */
    public static HoneConfig resolve(String host, Integer port, Path home, Map<String, String> env) {
        String h = host != null ? host : env.getOrDefault("HONE_HOST", "127.0.0.1");
        int p = port != null ? port : parsePort(env.get("HONE_PORT"));
        Path dir = home != null ? home : Path.of(env.getOrDefault("HONE_HOME", ".hone"));
        Path models = env.containsKey("HONE_MODELS") ? Path.of(env.get("HONE_MODELS")) : dir.resolve("models");
        String bundled = env.get("HONE_BUNDLED_MODELS");
        Path bundledDir = bundled == null ? BundledModels.locate() : bundled.isBlank() ? null : Path.of(bundled);
        return new HoneConfig(h, p, dir, models, parseKeys(env.getOrDefault("HONE_API_KEYS", "")), bundledDir,
                parseCount(env.get("HONE_MODEL_CACHE")), WandbConfig.fromEnv(env));
    }

    /** Where base models are looked for, in order: {@code HONE_MODELS}, then the bundled directory. */
    public List<Path> modelDirs() {
        return bundledModels == null ? List.of(models) : List.of(models, bundledModels);
    }

    /** True when no API key is configured: every request is accepted and belongs to {@link #DEFAULT_ORG}. */
    public boolean open() {
        return apiKeys.isEmpty();
    }

    private static int parsePort(String v) {
        if (v == null || v.isBlank()) {
            return 8080;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid HONE_PORT '" + v + "': expected a number such as 8080.");
        }
    }

    private static int parseCount(String v) {
        if (v == null || v.isBlank()) {
            return 2;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid HONE_MODEL_CACHE '" + v + "': expected a number such as 2.");
        }
    }

    /**
     * Parses {@code key1:org-a,key2:org-b,key3}: comma-separated keys, each optionally followed by
     * {@code :organization}; a key without one belongs to {@link #DEFAULT_ORG}.
     */
    static Map<String, String> parseKeys(String spec) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            String key = colon < 0 ? s : s.substring(0, colon).trim();
            String org = colon < 0 ? DEFAULT_ORG : s.substring(colon + 1).trim();
            if (key.isEmpty() || org.isEmpty()) {
                throw new IllegalArgumentException("Invalid HONE_API_KEYS entry '" + s
                        + "': expected key or key:organization, e.g. sk-abc:org-team-a.");
            }
            keys.put(key, org);
        }
        return keys;
    }
}
