package dev.hone.engine.model;

import dev.hone.engine.lora.Lora;
import dev.hone.engine.lora.LoraConfig;
import dev.hone.engine.model.gpt2.Gpt2Model;
import dev.hone.engine.model.llama.LlamaModel;
import dev.hone.engine.optim.AdamW;
import dev.hone.engine.optim.AdamWConfig;
import dev.hone.engine.optim.TrainableTensor;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The child process of {@link StepAllocationTest}: runs training steps (zeroGrad, forward, backward,
 * AdamW) on small models and prints, per case, the fewest bytes one step allocated on the calling
 * thread and the {@code hone-kernel} workers (HotSpot's per-thread counters), as {@code case bytes}
 * lines. The first steps allocate the activations and JIT-compile the Vector API code (which boxes
 * vectors until C2 compiles it), so the steady state is the smallest step among the first
 * {@value #STEPS}, stopping at the first one under {@value #BOUND} bytes.
 */
public final class StepAllocationProbe {
    /**
     * Three quarters of one (BT, C) activation at T = 128 (131,072 bytes): any per-step activation buffer
     * exceeds it. The bookkeeping left (parallel calls' futures and lambdas) measured 40–75 KB for LoRA at
     * T = 128, varying run to run with the JIT, so half an activation (64 KB) made the test flaky.
     */
    static final long BOUND = 96 * 1024;
    private static final int STEPS = 200;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private StepAllocationProbe() {
    }

    public static void main(String[] args) {
        for (int T : new int[] {64, 128}) {
            CausalLm m = new LlamaModel(llama(), BaseWeights.FROZEN);
            ModelGradCheck.randomInit(m, 1);
            Lora.attach(m, new LoraConfig(4, 8, 0.1, LoraConfig.LLAMA_TARGETS, 3));
            report("llama-lora-T" + T, m, T);
        }
        CausalLm full = new LlamaModel(llama(), BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(full, 2);
        report("llama-full", full, 128);
        CausalLm gpt2 = new Gpt2Model(ModelConfig.gpt2(256, 128, 2, 4, 128), BaseWeights.TRAINABLE);
        ModelGradCheck.randomInit(gpt2, 3);
        report("gpt2-full", gpt2, 128);
    }

    private static ModelConfig llama() {
        return ModelConfig.llama(256, 128, 2, 4, 2, 320, 128, false);
    }

    private static void report(String what, CausalLm m, int T) {
        int B = 2;
        List<TrainableTensor> tensors = new ArrayList<>();
        for (Parameter p : m.parameters().trainable()) {
            tensors.add(new TrainableTensor(p.name(), p.data(), p.grad(), p.shape().length >= 2));
        }
        AdamW optimizer = new AdamW(new AdamWConfig(0.9, 0.999, 1e-8, 0.01), tensors);
        SplittableRandom rng = new SplittableRandom(4);
        Batch batch = Batch.of(B, T, rng.ints(B * T, 0, 256).toArray(), rng.ints(B * T, 0, 256).toArray());
        long least = Long.MAX_VALUE;
        long[] ids = null;
        for (int step = 0; step < STEPS && least > BOUND; step++) {
            long before = ids == null ? 0 : allocated(ids);
            m.zeroGrad();
            m.forward(batch);
            m.backward();
            optimizer.step(1e-3);
            if (ids == null) {
                ids = measuredThreads();  // the first step started the kernel workers
            } else {
                least = Math.min(least, allocated(ids) - before);
            }
        }
        System.out.println(what + " " + least);
    }

    /**
     * This thread and the kernel workers, looked up once: {@code Thread.getAllStackTraces()} allocates
     * every thread's stack trace on the calling thread, which per step would count itself.
     */
    private static long[] measuredThreads() {
        List<Thread> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t == Thread.currentThread() || t.getName().startsWith("hone-kernel")) {
                threads.add(t);
            }
        }
        return threads.stream().mapToLong(Thread::threadId).toArray();
    }

    /** Bytes allocated so far by the given threads. */
    private static long allocated(long[] ids) {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
