package dev.hone.engine.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.lora.PeftAdapter;
import dev.hone.engine.model.CausalLm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

class ModelCacheTest {
    @TempDir
    Path tmp;

    private final Map<Path, AtomicInteger> loads = new ConcurrentHashMap<>();

    private CausalLm load(Path dir) {
        loads.computeIfAbsent(dir, d -> new AtomicInteger()).incrementAndGet();
        if (dir.getFileName().toString().equals("broken")) {
            throw new IllegalStateException("cannot load " + dir);
        }
        return TinyModels.gpt2(1, 16);
    }

    private int loads(Path dir) {
        return loads.getOrDefault(dir, new AtomicInteger()).get();
    }

    @Test
    void evictsTheLeastRecentlyUsedBase() {
        ModelCache cache = new ModelCache(2, this::load);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        LoadedModel first = cache.get(a);
        cache.get(b);
        assertSame(first, cache.get(a));     // a is now the most recently used
        cache.get(c);                        // evicts b
        assertEquals(List.of(a, c), cache.cached());
        assertEquals(1, loads(a));
        cache.get(b);                        // reloads b, evicts a
        assertEquals(List.of(c, b), cache.cached());
        assertEquals(2, loads(b));
        assertNotSame(first, cache.get(a));  // a was evicted: loaded again
        assertEquals(2, loads(a));
        assertEquals(List.of(b, a), cache.cached());
    }

    @Test
    void adaptersAreCachedWithTheirBaseAndShareIt() {
        ModelCache cache = new ModelCache(1, this::load);
        Path base = tmp.resolve("base");
        Path adapterDir = tmp.resolve("ft");
        CausalLm copy = TinyModels.gpt2(1, 16);
        PeftAdapter.save(Lora.attach(copy, new LoraConfig(2, 4, 0, List.of("c_attn"), 1)), copy, adapterDir, "b");
        LoadedModel ft = cache.get(base, adapterDir);
        assertSame(ft, cache.get(base, adapterDir));
        assertSame(cache.get(base).base(), ft.base());
        assertEquals(1, loads(base));
        cache.get(tmp.resolve("other"));     // evicts base and its adapter
        assertNotSame(ft, cache.get(base, adapterDir));
        assertEquals(2, loads(base));
    }

    @Test
    void concurrentRequestsLoadAModelOnce() throws Exception {
        ModelCache cache = new ModelCache(2, this::load);
        Path a = tmp.resolve("a");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LoadedModel>> got = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                got.add(pool.submit(() -> {
                    start.await();
                    return cache.get(a);
                }));
            }
            start.countDown();
            for (Future<LoadedModel> f : got) {
                assertSame(got.get(0).get(), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, loads(a));
    }

    @Test
    void aFailedLoadIsNotCachedAndIsRetried() {
        ModelCache cache = new ModelCache(2, this::load);
        Path broken = tmp.resolve("broken");
        assertThrows(IllegalStateException.class, () -> cache.get(broken));
        assertEquals(List.of(), cache.cached());
        assertThrows(IllegalStateException.class, () -> cache.get(broken));
        assertEquals(2, loads(broken));
    }
}
