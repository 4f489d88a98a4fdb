package dev.hone.engine.kernel;

/**
 * {@link CausalAttention} in {@link Precision#BF16 bf16} on oneDNN: the five products of attention run as
 * bf16 GEMMs with fp32 sums ({@link Dnnl#gemmBf16}), as PyTorch autocast runs them: q, k, v, dout, the
 * probabilities and dS are rounded to bf16 first; masking, softmax and the dS formula stay fp32 in Java
 * ({@link AttentionRows}, which skips the keys before a query's segment when segments are contiguous runs).
 * Work splits as in the Java kernel, (b, h) units in the forward and (b, kv head) in the backward, across
 * the {@link Parallel} threads, and each thread calls oneDNN for its own small GEMMs with an OpenMP team of
 * one: a team of all cores per call cost about 40 µs per call, more than these products take. Query rows
 * go in blocks of {@value #ROWS}, each block's scores covering only the keys up to its last row; scratch is
 * one block per thread, no (T, T) matrix is kept, and the backward rebuilds the probabilities from the
 * forward's log-sum-exp. At B 4, T 512, 9 heads of 64 this took 0.76 s per 30-layer step (0.45 s with
 * the fused rows) against 1.3 s for the fp32 Java kernel (2 cores).
 *
 * <p>Each dk, dv is written by one thread, summing over the heads of its group and the query blocks in a
 * fixed order, so results are deterministic for a fixed thread count; they differ from the fp32 kernel by
 * bf16 rounding (tested against the fp32 reference within that tolerance). Holds {@link MatmulNative}'s
 * lock for the whole call. Reference: FlashAttention-2 (Dao, 2023) for the blocking; PyTorch autocast's
 * op list for what runs in bf16.
 */
final class AttentionNative {
    /** Query rows per block: large enough for efficient GEMMs, small enough to skip most masked keys. */
    private static final int ROWS = 64;
    private static short[] q16 = new short[0];
    private static short[] k16 = new short[0];
    private static short[] v16 = new short[0];
    private static short[] dout16 = new short[0];
    /** Each position's segment start ({@link AttentionRows#segmentStarts}), when segments are runs. */
    private static int[] starts = new int[0];
    /** Per thread: scores and dS of one block in fp32 and bf16. */
    private static final ThreadLocal<Block> BLOCK = ThreadLocal.withInitial(Block::new);

    private static final class Block {
        float[] p = new float[0];
        float[] ds = new float[0];
        short[] p16 = new short[0];
        short[] ds16 = new short[0];

        Block fit(int size) {
            if (p.length < size) {
                p = new float[size];
                ds = new float[size];
                p16 = new short[size];
                ds16 = new short[size];
            }
            return this;
        }
    }

    private AttentionNative() {
    }

    /** Whether attention takes this path: oneDNN loaded, bf16 precision, a thread that may call it, no JFR. */
    static boolean applies() {
        return Precision.current() == Precision.BF16 && Matmul.useNative();
    }

    static void forward(float[] out, float[] lse, float[] q, float[] k, float[] v, int[] segments, int B, int T,
                        int NH, int KVH, int hs) {
        Dnnl dnnl = Kernels.NATIVE;
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        synchronized (MatmulNative.LOCK) {
            round(q, k, v, null, B * T * NH * hs, B * T * KVH * hs);
            int[] runStarts = segmentStarts(segments, B, T);
            Parallel.forRange(B * NH, unit -> {
                Block blk = threadBlock(dnnl, T);
                float[] s = blk.p;
                int b = unit / NH;
                int h = unit % NH;
                int qOff = (b * T * NH + h) * hs;
                int kvOff = (b * T * KVH + h / group) * hs;
                for (int t0 = 0; t0 < T; t0 += ROWS) {
                    int rows = Math.min(ROWS, T - t0);
                    int n = t0 + rows;
                    // s (rows, n) = q_block · k[0, n)ᵀ
                    dnnl.gemmBf16('N', 'T', rows, n, hs, q16, qOff + t0 * NH * hs, NH * hs, k16, kvOff, KVH * hs,
                        0f, s, 0, n);
                    for (int i = 0; i < rows; i++) {
                        int t = t0 + i;
                        int lo = AttentionRows.firstKey(s, i * n, segments, runStarts, b * T, t);
                        lse[unit * T + t] = AttentionRows.probabilities(s, blk.p16, i * n, n, lo, t, scale);
                    }
                    // out_block = p (rows, n) · v[0, n)
                    dnnl.gemmBf16('N', 'N', rows, hs, n, blk.p16, 0, n, v16, kvOff, KVH * hs, 0f, out,
                        qOff + t0 * NH * hs, NH * hs);
                }
            });
        }
    }

    static void backward(float[] dq, float[] dk, float[] dv, float[] dout, float[] lse, float[] q, float[] k,
                         float[] v, int[] segments, int B, int T, int NH, int KVH, int hs) {
        Dnnl dnnl = Kernels.NATIVE;
        float scale = (float) (1.0 / Math.sqrt(hs));
        int group = NH / KVH;
        synchronized (MatmulNative.LOCK) {
            round(q, k, v, dout, B * T * NH * hs, B * T * KVH * hs);
            int[] runStarts = segmentStarts(segments, B, T);
            Parallel.forRange(B * KVH, unit -> {
                Block blk = threadBlock(dnnl, T);
                float[] p = blk.p;
                float[] ds = blk.ds;
                int b = unit / KVH;
                int kvOff = (b * T * KVH + unit % KVH) * hs;
                for (int h = (unit % KVH) * group; h < (unit % KVH + 1) * group; h++) {
                    int qOff = (b * T * NH + h) * hs;
                    int l0 = (b * NH + h) * T;
                    for (int t0 = 0; t0 < T; t0 += ROWS) {
                        int rows = Math.min(ROWS, T - t0);
                        int n = t0 + rows;
                        int blockQ = qOff + t0 * NH * hs;
                        // p (rows, n) = q_block · kᵀ, rebuilt; dp (rows, n) = dout_block · vᵀ
                        dnnl.gemmBf16('N', 'T', rows, n, hs, q16, blockQ, NH * hs, k16, kvOff, KVH * hs, 0f, p, 0, n);
                        dnnl.gemmBf16('N', 'T', rows, n, hs, dout16, blockQ, NH * hs, v16, kvOff, KVH * hs, 0f, ds, 0,
                            n);
                        for (int i = 0; i < rows; i++) {
                            int t = t0 + i;
                            int lo = AttentionRows.firstKey(p, i * n, segments, runStarts, b * T, t);
                            AttentionRows.gradients(p, ds, blk.p16, blk.ds16, i * n, n, lo, t, lse[l0 + t], scale);
                        }
                        // dv[0, n) += pᵀ · dout_block; dq_block += ds · k[0, n); dk[0, n) += dsᵀ · q_block
                        dnnl.gemmBf16('T', 'N', n, hs, rows, blk.p16, 0, n, dout16, blockQ, NH * hs, 1f, dv, kvOff,
                            KVH * hs);
                        dnnl.gemmBf16('N', 'N', rows, hs, n, blk.ds16, 0, n, k16, kvOff, KVH * hs, 1f, dq, blockQ,
                            NH * hs);
                        dnnl.gemmBf16('T', 'N', n, hs, rows, blk.ds16, 0, n, q16, blockQ, NH * hs, 1f, dk, kvOff,
                            KVH * hs);
                    }
                }
            });
        }
    }

    /** Each position's segment start ({@link AttentionRows#segmentStarts}), or null when masks are per key. */
    private static int[] segmentStarts(int[] segments, int B, int T) {
        if (starts.length < B * T) {
            starts = new int[B * T];
        }
        return AttentionRows.segmentStarts(segments, starts, B, T) ? starts : null;
    }

    /** This {@link Parallel} thread's block scratch, its oneDNN calls set to a team of one. */
    private static Block threadBlock(Dnnl dnnl, int T) {
        dnnl.setThreads(1);
        return BLOCK.get().fit(Math.min(ROWS, T) * T);
    }

    /** q, k, v and (backward) dout rounded to bf16 into the shared scratch. */
    private static void round(float[] q, float[] k, float[] v, float[] dout, int qSize, int kvSize) {
        if (q16.length < qSize) {
            q16 = new short[qSize];
            dout16 = new short[qSize];
        }
        if (k16.length < kvSize) {
            k16 = new short[kvSize];
            v16 = new short[kvSize];
        }
        Bf16Rounding.toBits(q, q16, qSize, Parallel.threads());
        Bf16Rounding.toBits(k, k16, kvSize, Parallel.threads());
        Bf16Rounding.toBits(v, v16, kvSize, Parallel.threads());
        if (dout != null) {
            Bf16Rounding.toBits(dout, dout16, qSize, Parallel.threads());
        }
    }
}
