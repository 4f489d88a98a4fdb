package dev.hone.server.integrations.wandb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** {@link WandbConfig}: the default and per-organization keys, the server address, and keys kept out of text. */
class WandbConfigTest {
    @Test
    void defaultsToNoKeyAndThePublicService() {
        WandbConfig c = WandbConfig.fromEnv(Map.of());
        assertEquals(Optional.empty(), c.keyFor("org-a"));
        assertEquals(WandbConfig.PUBLIC_SERVICE, c.baseUrl());
    }

    @Test
    void organizationKeysOverrideTheDefault() {
        WandbConfig c = WandbConfig.fromEnv(Map.of("HONE_WANDB_API_KEY", "k-all", "HONE_WANDB_API_KEYS",
                "org-a=k-a, org-b=k-b", "WANDB_BASE_URL", "http://wandb.internal:8080/"));
        assertEquals(Optional.of("k-a"), c.keyFor("org-a"));
        assertEquals(Optional.of("k-b"), c.keyFor("org-b"));
        assertEquals(Optional.of("k-all"), c.keyFor("org-c"));
        assertEquals(URI.create("http://wandb.internal:8080"), c.baseUrl());
        assertFalse(c.toString().contains("k-a") || c.toString().contains("k-all"), c.toString());
    }

    @Test
    void badSettingsAreRefusedWithoutEchoingKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WandbConfig.fromEnv(Map.of("HONE_WANDB_API_KEYS", "org-a=ok,secretkeywithoutorg")));
        assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains("secretkeywithoutorg"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WandbConfig.fromEnv(Map.of("WANDB_BASE_URL", "ftp://x")));
    }
}
