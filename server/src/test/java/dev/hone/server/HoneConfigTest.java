package dev.hone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

class HoneConfigTest {
    @Test
    void defaultsNeedNoConfiguration() {
        HoneConfig c = HoneConfig.resolve(null, null, null, Map.of());
        assertEquals("127.0.0.1", c.host());
        assertEquals(8080, c.port());
        assertEquals(Path.of(".hone"), c.home());
        assertEquals(Path.of(".hone", "models"), c.models());
        assertTrue(c.open());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsDefaults() {
        Map<String, String> env = Map.of("HONE_PORT", "9000", "HONE_HOST", "0.0.0.0", "HONE_HOME", "/data");
        HoneConfig fromEnv = HoneConfig.resolve(null, null, null, env);
        assertEquals(9000, fromEnv.port());
        assertEquals("0.0.0.0", fromEnv.host());
        assertEquals(Path.of("/data", "models"), fromEnv.models());
        HoneConfig fromFlags = HoneConfig.resolve("::1", 7000, Path.of("/x"), env);
        assertEquals(7000, fromFlags.port());
        assertEquals("::1", fromFlags.host());
        assertEquals(Path.of("/x"), fromFlags.home());
    }

    @Test
    void apiKeysMapToOrganizationsWithADefault() {
        HoneConfig c = HoneConfig.resolve(null, null, null,
                Map.of("HONE_API_KEYS", " sk-a:org-x , sk-b,sk-c:org-y,"));
        assertEquals(Map.of("sk-a", "org-x", "sk-b", HoneConfig.DEFAULT_ORG, "sk-c", "org-y"), c.apiKeys());
        assertThrows(IllegalArgumentException.class, () -> HoneConfig.resolve(null, null, null,
                Map.of("HONE_API_KEYS", "sk-a:")));
        assertThrows(IllegalArgumentException.class, () -> HoneConfig.resolve(null, null, null,
                Map.of("HONE_PORT", "eighty")));
    }
}
