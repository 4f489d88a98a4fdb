package dev.hone.engine.kernel;

/**
 * Matmul inputs that the calling thread promises not to change for a while, so that the native bf16
 * matmuls round each of them once instead of once per call: q, k and v read the same normed x (six
 * times with their LoRA adapters), a LoRA backward reads the same output gradient as its base. Opened
 * with {@link Matmul#hold}; until {@link #close()}, a native bf16 matmul given one of these arrays
 * (the same object, the same length) reuses its rounding. Nested holds of an array already held keep
 * the outer one's. Per thread, a handful of arrays at a time; each held slot keeps its bf16 buffer for
 * reuse, so holding allocates nothing once warm. The Java backends round per call as before.
 */
public final class HeldInputs implements AutoCloseable {
    private static final int SLOTS = 4;
    private static final ThreadLocal<Slots> HELD = ThreadLocal.withInitial(Slots::new);
    private final Slots slots;
    private final int outerSize;

    private static final class Slots {
        final float[][] sources = new float[SLOTS][];
        final int[] lengths = new int[SLOTS];
        final short[][] bits = new short[SLOTS][0];
        int size;

        boolean holds(float[] array) {
            for (int i = 0; i < size; i++) {
                if (sources[i] == array) {
                    return true;
                }
            }
            return false;
        }
    }

    HeldInputs(float[] first, float[] second) {
        slots = HELD.get();
        outerSize = slots.size;
        add(first);
        add(second);
    }

    private void add(float[] array) {
        if (array == null || slots.holds(array) || slots.size == SLOTS) {
            return;  // already held by an outer hold, or no room: rounded per call
        }
        slots.sources[slots.size] = array;
        slots.lengths[slots.size] = -1;
        slots.size++;
    }

    /** The bf16 bits of src[0 .. n), rounded on first use, when src is held by this thread; else null. */
    static short[] bits(float[] src, int n) {
        Slots s = HELD.get();
        for (int i = 0; i < s.size; i++) {
            if (s.sources[i] == src) {
                if (s.lengths[i] != n) {
                    if (s.bits[i].length < n) {
                        s.bits[i] = new short[n];
                    }
                    Bf16Rounding.toBits(src, s.bits[i], n, Parallel.threads());
                    s.lengths[i] = n;
                }
                return s.bits[i];
            }
        }
        return null;
    }

    /** Ends this hold: its arrays may change again (an outer hold's stay held). */
    @Override
    public void close() {
        for (int i = outerSize; i < slots.size; i++) {
            slots.sources[i] = null;
        }
        slots.size = outerSize;
    }
}
