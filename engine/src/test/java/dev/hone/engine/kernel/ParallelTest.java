package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceForAnyPartCount() {
        for (int parts = 1; parts <= 5; parts++) {
            for (int n : new int[] {0, 1, 2, 7, 100}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                Parallel.forChunks(n, parts, (start, end) -> {
                    assertTrue(start < end, "empty chunk");
                    for (int i = start; i < end; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "index " + i + " with " + parts + " parts");
                }
            }
        }
    }

    @Test
    void chunkBoundariesDependOnlyOnRangeAndPartCount() {
        int[] starts = new int[3];
        Parallel.forChunks(10, 3, (start, end) -> starts[start == 0 ? 0 : start == 3 ? 1 : 2] = end);
        assertEquals(3, starts[0]);
        assertEquals(6, starts[1]);
        assertEquals(10, starts[2]);
    }

    @Test
    void nestedCallsRunInlineAndCoverTheirRange() {
        AtomicIntegerArray seen = new AtomicIntegerArray(40);
        Parallel.forChunks(4, 4, (s, e) -> {
            for (int outer = s; outer < e; outer++) {
                int base = outer * 10;
                Parallel.forRange(10, i -> seen.incrementAndGet(base + i));
            }
        });
        for (int i = 0; i < 40; i++) {
            assertEquals(1, seen.get(i));
        }
    }

    @Test
    void aFailureInAnyChunkReachesTheCaller() {
        IllegalStateException boom = new IllegalStateException("chunk 3 failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> Parallel.forChunks(4, 4, (s, e) -> {
                if (s == 3) {
                    throw boom;
                }
            }));
        assertSame(boom, thrown);
        AtomicIntegerArray seen = new AtomicIntegerArray(4);
        Parallel.forChunks(4, 4, (s, e) -> seen.incrementAndGet(s));
        assertEquals(1, seen.get(3), "the pool still works after a failure");
    }

    @Test
    void threadCountSettingIsParsedOrRefusedWithTheValueFound() {
        assertEquals(3, Parallel.parseThreads(" 3 ", "test"));
        assertEquals(Runtime.getRuntime().availableProcessors(), Parallel.parseThreads(null, "test"));
        assertEquals(Runtime.getRuntime().availableProcessors(), Parallel.parseThreads("", "test"));
        for (String bad : new String[] {"0", "-2", "two"}) {
            KernelConfigurationException e = assertThrows(KernelConfigurationException.class,
                () -> Parallel.parseThreads(bad, "system property hone.threads"));
            assertTrue(e.getMessage().contains("found '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("hone.threads"), e.getMessage());
        }
    }
}
