package dev.hone.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Places examples, in the order given, into rows of T tokens (packed or padded, see
 * {@link BatchLayout}) and the rows into (B, T) micro-batches; the last micro-batch is completed with
 * empty rows so every micro-batch has the same shape. The slot layout is documented on
 * {@link MicroBatch}. Deterministic: the same examples in the same order give the same arrays.
 * Not a sampler: order and step boundaries come from {@link DataLoader}.
 */
public final class MicroBatchAssembler {
    private MicroBatchAssembler() {
    }

    /** Micro-batches holding every example of {@code examples} once, in order. Empty input gives none. */
    public static List<MicroBatch> assemble(List<TokenizedExample> examples, BatchingConfig config) {
        List<List<TokenizedExample>> rows = rows(examples, config.seqLen(), config.layout());
        List<MicroBatch> out = new ArrayList<>();
        for (int first = 0; first < rows.size(); first += config.rows()) {
            out.add(microBatch(rows.subList(first, Math.min(rows.size(), first + config.rows())), config));
        }
        return out;
    }

    private static List<List<TokenizedExample>> rows(List<TokenizedExample> examples, int T, BatchLayout layout) {
        List<List<TokenizedExample>> rows = new ArrayList<>();
        List<TokenizedExample> row = new ArrayList<>();
        int used = 0;
        for (TokenizedExample e : examples) {
            int n = Math.min(e.length(), T);
            if (!row.isEmpty() && (layout == BatchLayout.PAD || used + n > T)) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(e);
            used += n;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static MicroBatch microBatch(List<List<TokenizedExample>> rows, BatchingConfig config) {
        int B = config.rows();
        int T = config.seqLen();
        int[] tokens = new int[B * T];          // (B, T)
        int[] targets = new int[B * T];         // (B, T)
        int[] positions = new int[B * T];       // (B, T)
        int[] segments = new int[B * T];        // (B, T)
        float[] lossWeights = new float[B * T]; // (B, T)
        Arrays.fill(tokens, config.padId());
        Arrays.fill(targets, config.padId());
        Arrays.fill(segments, -1);
        int examples = 0;
        int targetTokens = 0;
        for (int b = 0; b < rows.size(); b++) {
            int o = b * T;
            int segment = 0;
            for (TokenizedExample e : rows.get(b)) {
                int[] ids = e.ids();
                int n = Math.min(ids.length, T);
                for (int j = 0; j < n; j++) {
                    tokens[o + j] = ids[j];
                    positions[o + j] = j;
                    segments[o + j] = segment;
                    if (j + 1 < ids.length) {
                        targets[o + j] = ids[j + 1];
                        if (e.trainable()[j + 1]) {
                            lossWeights[o + j] = 1f;
                            targetTokens++;
                        }
                    }
                }
                o += n;
                segment++;
                examples++;
            }
        }
        return new MicroBatch(B, T, tokens, targets, positions, segments, lossWeights, examples, targetTokens);
    }
}
