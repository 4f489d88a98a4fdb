package dev.hone.engine.layer;

import dev.hone.engine.kernel.Bf16Weight;
import dev.hone.engine.kernel.Parallel;

/**
 * Token embedding lookup, plus an optional learned position embedding (GPT-2's wpe) indexed by
 * each token's own position, so packed examples restart at position 0.
 * Not a one-hot matmul. The backward scatters rows (repeated tokens add to one row), so it runs on
 * one thread in token order. Reference: llm.c {@code encoder_forward} / {@code encoder_backward}.
 */
public final class Embedding {
    private Embedding() {
    }

    /**
     * out[bt] = wte[tokens[bt]] + wpe[positions[bt]].
     *
     * @param out       (BT, C), overwritten
     * @param tokens    (BT) ids in [0, V)
     * @param positions (BT) positions in [0, maxT); ignored when wpe is null
     * @param wte       (V, C)
     * @param wpe       (maxT, C), or null for models without learned positions
     */
    public static void forward(float[] out, int[] tokens, int[] positions, float[] wte, float[] wpe,
                               int BT, int C) {
        Parallel.forRange(BT, bt -> {
            int tok = tokens[bt] * C;
            int pos = wpe == null ? 0 : positions[bt] * C;
            for (int c = 0; c < C; c++) {
                out[bt * C + c] = wte[tok + c] + (wpe == null ? 0f : wpe[pos + c]);
            }
        });
    }

    /**
     * {@link #forward(float[], int[], int[], float[], float[], int, int)} with a frozen bf16 token table:
     * each gathered value is widened exactly, so the result equals the fp32 lookup of the widened table.
     *
     * @param wte (V, C) in bf16
     */
    public static void forward(float[] out, int[] tokens, int[] positions, Bf16Weight wte, float[] wpe,
                               int BT, int C) {
        Parallel.forRange(BT, bt -> {
            int tok = tokens[bt] * C;
            int pos = wpe == null ? 0 : positions[bt] * C;
            for (int c = 0; c < C; c++) {
                out[bt * C + c] = wte.getFloat(tok + c) + (wpe == null ? 0f : wpe[pos + c]);
            }
        });
    }

    /** Differentiates {@code out[bt] = wte[tokens[bt]] + wpe[positions[bt]]}: dwte/dwpe rows += dout[bt]. */
    public static void backward(float[] dwte, float[] dwpe, float[] dout, int[] tokens, int[] positions,
                                int BT, int C) {
        for (int bt = 0; bt < BT; bt++) {
            int tok = tokens[bt] * C;
            for (int c = 0; c < C; c++) {
                float d = dout[bt * C + c];
                if (dwte != null) {
                    dwte[tok + c] += d;
                }
                if (dwpe != null) {
                    dwpe[positions[bt] * C + c] += d;
                }
            }
        }
    }
}
