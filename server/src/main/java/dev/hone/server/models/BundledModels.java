package dev.hone.server.models;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Finds the repository's bundled {@code models/} directory (which holds {@code hone-tiny}) when the server runs
 * from a checkout: walks up from where Hone's classes were loaded ({@code server/target/hone.jar} or
 * {@code server/target/classes}) to the first directory with {@code models/hone-tiny/config.json}. The
 * {@code ./hone} launcher names it explicitly ({@code HONE_BUNDLED_MODELS}); this is the fallback for
 * {@code java -jar} and tests. Not a download: an installation without the checkout has no bundled models.
 */
public final class BundledModels {
    /** The built-in base model every OpenAI alias trains when its own base is not installed. */
    public static final String DEFAULT_MODEL = "hone-tiny";

    private BundledModels() {
    }

    /** The bundled models directory, or null when Hone does not run from a checkout. */
    public static Path locate() {
        CodeSource source = BundledModels.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return null;
        }
        try {
            Path p = Path.of(source.getLocation().toURI()).toAbsolutePath();
            for (int up = 0; up < 5 && p != null; up++, p = p.getParent()) {
                Path models = p.resolve("models");
                if (Files.isRegularFile(models.resolve(DEFAULT_MODEL).resolve("config.json"))) {
                    return models;
                }
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
        return null;
    }
}
