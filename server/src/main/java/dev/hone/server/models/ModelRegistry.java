package dev.hone.server.models;

import dev.hone.server.http.ApiException;
import dev.hone.server.store.CheckpointDao;
import dev.hone.server.store.Database;
import dev.hone.server.store.ModelDao;
import dev.hone.server.store.ModelDao.FineTunedModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models a job may name: OpenAI aliases and their snapshots (each mapped to an open-weight base model name),
 * the usable base model directories under {@code HONE_MODELS} and the bundled {@code models/} (see
 * {@link ModelDirectories}), and the organization's fine-tuned models. An alias trains its named base when a
 * directory of that name is installed, otherwise the built-in {@code hone-tiny} ({@link #baseModelDir}).
 */
public final class ModelRegistry {
    /** Creation time shown for built-in aliases (fixed, so listings are stable). */
    static final long BUILT_IN_CREATED = 1_700_000_000L;

    /** An OpenAI model name, the snapshot a job echoes, and the open-weight base it trains. */
    public record Alias(String name, String snapshot, String base) {
    }

    private static final List<Alias> ALIASES = List.of(
            new Alias("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "SmolLM2-135M-Instruct"),
            new Alias("gpt-4o", "gpt-4o-2024-08-06", "Qwen2.5-0.5B-Instruct"),
            new Alias("gpt-4.1", "gpt-4.1-2025-04-14", "Qwen2.5-0.5B-Instruct"),
            new Alias("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14", "SmolLM2-360M-Instruct"),
            new Alias("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14", "SmolLM2-135M-Instruct"),
            new Alias("gpt-3.5-turbo", "gpt-3.5-turbo-0125", "SmolLM2-135M-Instruct"),
            new Alias("o4-mini", "o4-mini-2025-04-16", "Qwen2.5-0.5B-Instruct"),
            new Alias("davinci-002", "davinci-002", "gpt2"),
            new Alias("babbage-002", "babbage-002", "gpt2"));

    private final Database db;
    private final List<Path> modelDirs;

    /** A registry over one base models directory. */
    public ModelRegistry(Database db, Path modelsDir) {
        this(db, List.of(modelsDir));
    }

    /** A registry over base model directories searched in order (an earlier directory wins a name). */
    public ModelRegistry(Database db, List<Path> modelDirs) {
        this.db = db;
        this.modelDirs = List.copyOf(modelDirs);
    }

    /** The OpenAI aliases, in listing order. */
    public static List<Alias> aliases() {
        return ALIASES;
    }

    /** What the base model directories hold now (usable models and skipped directories with reasons). */
    public ModelDirectories.Scan scan() {
        return ModelDirectories.scan(modelDirs);
    }

    /**
     * The base model directory {@code name} trains or runs: an alias or snapshot gives its base's directory when
     * installed, else the built-in {@code hone-tiny}'s; a base directory name gives itself. Empty for unknown
     * names, fine-tuned models and when no directory is installed.
     */
    public Optional<Path> baseModelDir(String name) {
        ModelDirectories.Scan scan = scan();
        return baseName(name).map(scan::find).map(ModelDirectories.Found::dir);
    }

    /** A listed model: id, creation time and owner. */
    public record Entry(String id, long created, String ownedBy) {
    }

    /** Every model {@code org} can see: aliases and snapshots, base directories, its fine-tuned models. */
    public List<Entry> list(String org) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Alias a : ALIASES) {
            out.putIfAbsent(a.name(), new Entry(a.name(), BUILT_IN_CREATED, "system"));
            out.putIfAbsent(a.snapshot(), new Entry(a.snapshot(), BUILT_IN_CREATED, "system"));
        }
        for (String dir : baseDirectories()) {
            out.putIfAbsent(dir, new Entry(dir, BUILT_IN_CREATED, "system"));
        }
        for (FineTunedModel m : db.read("list models", c -> ModelDao.list(c, org))) {
            out.putIfAbsent(m.id(), new Entry(m.id(), m.createdAt(), org));
        }
        return new ArrayList<>(out.values());
    }

    /** The model, or 404 {@code model_not_found}. */
    public Entry get(String org, String id) {
        return list(org).stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> notFound(id));
    }

    /**
     * The name a job trains from, as the job echoes it: an alias resolves to its snapshot; snapshots,
     * base directories and the organization's fine-tuned models resolve to themselves.
     */
    public Optional<String> resolveForTraining(String org, String name) {
        for (Alias a : ALIASES) {
            if (a.name().equals(name) || a.snapshot().equals(name)) {
                return Optional.of(a.snapshot());
            }
        }
        if (baseDirectories().contains(name)) {
            return Optional.of(name);
        }
        if (name.startsWith("ft:") && db.read("read model", c -> ModelDao.find(c, org, name)).isPresent()) {
            return Optional.of(name);
        }
        return Optional.empty();
    }

    /**
     * Where the weights of {@code modelId} are, for organization {@code org}: an alias, snapshot or base
     * directory name resolves to its base directory; a fine-tuned model ({@code ft:...}) or one of its
     * checkpoints ({@code ft:...:ckpt-step-N}) of that organization to its base directory plus its trained
     * weights. Empty when the organization cannot see such a model; a deleted fine-tuned model no longer
     * resolves (its final checkpoint carries its name but is not a model of its own).
     */
    public Optional<ResolvedModel> resolve(String modelId, String org) {
        if (modelId == null) {
            return Optional.empty();
        }
        if (!modelId.startsWith("ft:")) {
            return baseName(modelId).map(b -> new ResolvedModel(modelId, b, baseDir(b), null,
                    ResolvedModel.Kind.BASE));
        }
        Optional<FineTunedModel> model = db.read("read model", c -> ModelDao.find(c, org, modelId));
        if (model.isPresent() && model.get().weightsDir() != null) {
            FineTunedModel m = model.get();
            return Optional.of(new ResolvedModel(modelId, m.baseModel(), baseDir(m.baseModel()),
                    Path.of(m.weightsDir()), ResolvedModel.Kind.of(m.weightsKind())));
        }
        if (!modelId.matches(".*:ckpt-step-\\d+")) {
            return Optional.empty();
        }
        return db.read("read checkpoint", c -> CheckpointDao.findByModel(c, org, modelId))
                .filter(k -> k.weightsDir() != null)
                .map(k -> new ResolvedModel(modelId, k.baseModel(), baseDir(k.baseModel()),
                        Path.of(k.weightsDir()), ResolvedModel.Kind.of(k.weightsKind())));
    }

    /**
     * The base model directory name an alias, snapshot or directory name stands for: an alias names its own
     * base when installed, else the built-in {@code hone-tiny} when that is installed, else its own base.
     */
    public Optional<String> baseName(String name) {
        ModelDirectories.Scan scan = scan();
        for (Alias a : ALIASES) {
            if (a.name().equals(name) || a.snapshot().equals(name)) {
                boolean fallback = scan.find(a.base()) == null && scan.find(BundledModels.DEFAULT_MODEL) != null;
                return Optional.of(fallback ? BundledModels.DEFAULT_MODEL : a.base());
            }
        }
        return scan.find(name) != null ? Optional.of(name) : Optional.empty();
    }

    /** The directory of base model {@code baseName}: where the scan found it, else where it would be installed. */
    public Path baseDir(String baseName) {
        ModelDirectories.Found found = scan().find(baseName);
        return found != null ? found.dir() : modelDirs.get(0).resolve(baseName);
    }

    /** The built-in base an OpenAI alias or snapshot stands for, if {@code name} is one. */
    public static Optional<String> aliasBase(String name) {
        return ALIASES.stream().filter(a -> a.name().equals(name) || a.snapshot().equals(name))
                .map(Alias::base).findFirst();
    }

    /** Deletes a fine-tuned model of {@code org}; base models and unknown ids are 404 {@code model_not_found}. */
    public void delete(String org, String id) {
        if (!db.transaction("delete model " + id, c -> ModelDao.delete(c, org, id))) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("model", "model_not_found", "The model '" + id + "' does not exist");
    }

    private List<String> baseDirectories() {
        return scan().found().stream().map(ModelDirectories.Found::name).toList();
    }
}
