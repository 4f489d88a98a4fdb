package dev.hone.engine.generate;

import dev.hone.engine.HoneException;
import dev.hone.engine.model.BaseWeights;
import dev.hone.engine.model.CausalLm;
import dev.hone.engine.model.ModelLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Loaded models by base directory, at most {@code capacity} bases, least recently used evicted first.
 * Adapters are small and cached with their base (evicted with it); each shares the base's weights.
 * Thread-safe: a model is loaded once even when many requests ask for it at the same time, and the
 * global lock is never held while loading. A request that still holds an evicted model finishes
 * normally; the memory is freed when the last one lets go.
 */
public final class ModelCache {
    private final int capacity;
    private final Function<Path, CausalLm> loader;
    private final Object lock = new Object();
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Entry {
        final FutureTask<LoadedModel> base;
        final Map<Path, FutureTask<LoadedModel>> adapters = new ConcurrentHashMap<>();

        Entry(FutureTask<LoadedModel> base) {
            this.base = base;
        }
    }

    /**
     * @param capacity most base models kept in memory, ≥ 1
     * @param loader   loads a frozen base from its directory (e.g. {@code dir -> ModelLoader.load(dir, BaseWeights.FROZEN)})
     */
    public ModelCache(int capacity, Function<Path, CausalLm> loader) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the model cache needs a capacity of at least 1 model; found " + capacity);
        }
        this.capacity = capacity;
        this.loader = loader;
    }

    /** A cache that loads Hugging Face model directories with {@link ModelLoader} (frozen fp32). */
    public static ModelCache ofDirectories(int capacity) {
        return new ModelCache(capacity, dir -> ModelLoader.load(dir, BaseWeights.FROZEN));
    }

    /** The base model in {@code baseDir}, loading it (and evicting the least recently used) if needed. */
    public LoadedModel get(Path baseDir) {
        Path key = baseDir.toAbsolutePath().normalize();
        Entry e;
        synchronized (lock) {
            e = entries.get(key);
            if (e == null) {
                e = new Entry(new FutureTask<>(() -> LoadedModel.of(loader.apply(key))));
                entries.put(key, e);
                evictOverCapacity();
            }
        }
        Entry entry = e;
        return await(e.base, () -> {
            synchronized (lock) {
                entries.remove(key, entry);
            }
        });
    }

    /** The base in {@code baseDir} with the PEFT adapter in {@code adapterDir}, both cached. */
    public LoadedModel get(Path baseDir, Path adapterDir) {
        LoadedModel base = get(baseDir);
        Path key = baseDir.toAbsolutePath().normalize();
        Path akey = adapterDir.toAbsolutePath().normalize();
        Entry e;
        synchronized (lock) {
            e = entries.get(key);
        }
        if (e == null) {    // evicted between the two steps: serve it uncached
            return base.withAdapter(akey);
        }
        FutureTask<LoadedModel> task = e.adapters.computeIfAbsent(akey,
                d -> new FutureTask<>(() -> base.withAdapter(d)));
        return await(task, () -> e.adapters.remove(akey, task));
    }

    /** Drops a base and its adapters (e.g. after its files changed). */
    public void invalidate(Path baseDir) {
        synchronized (lock) {
            entries.remove(baseDir.toAbsolutePath().normalize());
        }
    }

    /** Cached base directories, least recently used first. */
    public List<Path> cached() {
        synchronized (lock) {
            return new ArrayList<>(entries.keySet());
        }
    }

    private void evictOverCapacity() {
        Iterator<Path> it = entries.keySet().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static LoadedModel await(FutureTask<LoadedModel> task, Runnable onFailure) {
        task.run();     // loads on the first caller's thread; a no-op once started elsewhere
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException ie) {
                    interrupted = true;
                } catch (ExecutionException ee) {
                    onFailure.run();
                    Throwable cause = ee.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new HoneException("loading a model failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
