package dev.hone.server.models;

import dev.hone.engine.HoneException;
import dev.hone.engine.model.ConfigReader;
import dev.hone.engine.model.ModelConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scans the base model directories (the user's {@code HONE_MODELS} first, then the repository's bundled
 * {@code models/}) and sorts each subdirectory into a usable model or a skipped one with the reason: no
 * {@code config.json}, a config the engine cannot run (unsupported architecture, activation, ...), no
 * {@code tokenizer.json}, no {@code *.safetensors}, or a name already taken by an earlier directory. Reads only
 * config.json and file names, never weights, so a scan is cheap enough for every request. Not a loader.
 */
public final class ModelDirectories {
    /** A usable base model: its id (the directory name), where it is, and what it is. */
    public record Found(String name, Path dir, String architecture, int layers, int hidden, int vocab, int context) {
    }

    /** A directory that is not offered, and why. */
    public record Skipped(Path dir, String reason) {
    }

    /** What one scan saw. */
    public record Scan(List<Found> found, List<Skipped> skipped) {
        /** The usable model named {@code name}, if any. */
        public Found find(String name) {
            return found.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        }
    }

    private ModelDirectories() {
    }

    /**
     * Scans {@code roots} in order; a missing root is skipped silently (the default {@code HONE_HOME/models}
     * need not exist). Within a root, directories are taken in name order.
     */
    public static Scan scan(List<Path> roots) {
        Map<String, Found> found = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path root : roots) {
            if (root == null || !Files.isDirectory(root)) {
                continue;
            }
            List<Path> dirs;
            try (Stream<Path> s = Files.list(root)) {
                dirs = s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                        .sorted().toList();
            } catch (IOException e) {
                skipped.add(new Skipped(root, "cannot list the directory: " + e.getMessage()));
                continue;
            }
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                String reason = problem(dir);
                if (reason == null && found.containsKey(name)) {
                    reason = "the name is already taken by " + found.get(name).dir() + " (earlier in the search path)";
                }
                if (reason != null) {
                    skipped.add(new Skipped(dir, reason));
                    continue;
                }
                ModelConfig c = ConfigReader.read(dir);
                found.put(name, new Found(name, dir, c.architecture(), c.L(), c.C(), c.V(), c.maxT()));
            }
        }
        return new Scan(List.copyOf(found.values()), List.copyOf(skipped));
    }

    /** Why {@code dir} is not a usable model directory, or null when it is. */
    static String problem(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            return "no config.json (expected a Hugging Face model directory: config.json, tokenizer.json,"
                    + " *.safetensors)";
        }
        try {
            ConfigReader.read(dir);
        } catch (HoneException | IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return "no tokenizer.json (Hone reads Hugging Face fast-tokenizer files; copy it from the model's"
                    + " repository)";
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.noneMatch(f -> f.getFileName().toString().endsWith(".safetensors"))) {
                return "no *.safetensors weights (PyTorch .bin and GGUF files are not read; download the"
                        + " safetensors version)";
            }
        } catch (IOException e) {
            return "cannot list the directory: " + e.getMessage();
        }
        return null;
    }
}
