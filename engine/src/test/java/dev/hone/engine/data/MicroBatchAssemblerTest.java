package dev.hone.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Slot layout of packed and padded micro-batches: targets, weights, positions, segments, truncation. */
class MicroBatchAssemblerTest {
    /** Example k has ids 100·k + j, so every id tells which example it came from. Odd tokens trainable. */
    static TokenizedExample example(int k, int length) {
        int[] ids = new int[length];
        boolean[] trainable = new boolean[length];
        for (int j = 0; j < length; j++) {
            ids[j] = 100 * k + j;
            trainable[j] = j % 2 == 1;
        }
        return new TokenizedExample(ids, trainable);
    }

    static BatchingConfig config(int rows, int seqLen, BatchLayout layout) {
        return new BatchingConfig(rows, seqLen, 1000, layout, 7, false, 0);
    }

    @Test
    void packedRowsRestartPositionsAndNeverMixExamplesWithinASegment() {
        List<TokenizedExample> ex = new ArrayList<>();
        int[] lengths = {3, 4, 2, 6, 1, 5, 8, 2, 3};
        for (int k = 0; k < lengths.length; k++) {
            ex.add(example(k + 1, lengths[k]));
        }
        List<MicroBatch> mbs = MicroBatchAssembler.assemble(ex, config(2, 8, BatchLayout.PACK));
        int examples = 0;
        int targets = 0;
        for (MicroBatch m : mbs) {
            examples += m.examples();
            for (int b = 0; b < m.rows(); b++) {
                for (int t = 0; t < m.seqLen(); t++) {
                    int i = b * m.seqLen() + t;
                    if (m.segments()[i] < 0) {
                        assertEquals(7, m.tokens()[i], "padding token");
                        assertEquals(0f, m.lossWeights()[i]);
                        continue;
                    }
                    int owner = m.tokens()[i] / 100;
                    assertEquals(m.tokens()[i] % 100, m.positions()[i], "positions restart per example");
                    for (int u = 0; u < t; u++) {
                        int k = b * m.seqLen() + u;
                        boolean sameExample = m.segments()[k] >= 0 && m.tokens()[k] / 100 == owner;
                        assertEquals(sameExample, m.segments()[k] == m.segments()[i],
                                "segment ids separate examples exactly, row " + b + " slots " + u + "," + t);
                    }
                    if (m.lossWeights()[i] == 1f) {
                        targets++;
                        assertEquals(m.tokens()[i] + 1, m.targets()[i], "target is the next token of the same example");
                        assertEquals(1, (m.tokens()[i] + 1) % 2, "only trainable tokens are targets");
                    }
                }
            }
            int weighted = 0;
            for (float w : m.lossWeights()) {
                weighted += (int) w;
            }
            assertEquals(weighted, m.targetTokens());
        }
        assertEquals(lengths.length, examples);
        int expectedTargets = 0;
        for (TokenizedExample e : ex) {
            expectedTargets += e.targetsWithin(8);
        }
        assertEquals(expectedTargets, targets);
        // next-fit in order: rows [3,4] [2,6] [1,5] [8] [2,3] → 5 rows → 3 micro-batches of 2 rows
        assertEquals(3, mbs.size());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, -1, 0, 0, 1, 1, 1, 1, 1, 1}, mbs.get(0).segments());
        assertEquals(-1, mbs.get(2).segments()[8], "the last micro-batch is completed with an empty row");
    }

    @Test
    void longExamplesKeepTheirFirstTTokensAndTheTargetAfterThem() {
        TokenizedExample longOne = example(3, 10);
        MicroBatch m = MicroBatchAssembler.assemble(List.of(longOne, example(4, 2)), config(2, 4, BatchLayout.PACK)).get(0);
        assertArrayEquals(new int[] {300, 301, 302, 303, 400, 401, 7, 7}, m.tokens());
        assertArrayEquals(new int[] {301, 302, 303, 304, 401, 7, 7, 7}, m.targets());
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0, 0, 0}, m.lossWeights());
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1, 0, 0}, m.positions());
        DataLoader loader = new DataLoader(List.of(longOne, example(4, 2)), config(2, 4, BatchLayout.PACK));
        assertEquals(1, loader.truncatedExamples());
    }

    @Test
    void paddedLayoutPutsOneExamplePerRow() {
        List<MicroBatch> mbs = MicroBatchAssembler.assemble(List.of(example(1, 2), example(2, 3), example(5, 1)),
                config(2, 4, BatchLayout.PAD));
        assertEquals(2, mbs.size());
        assertArrayEquals(new int[] {100, 101, 7, 7, 200, 201, 202, 7}, mbs.get(0).tokens());
        assertArrayEquals(new int[] {0, 0, -1, -1, 0, 0, 0, -1}, mbs.get(0).segments());
        assertArrayEquals(new int[] {500, 7, 7, 7, 7, 7, 7, 7}, mbs.get(1).tokens());
        assertEquals(0, mbs.get(1).targetTokens(), "a one-token example has nothing to predict");
    }
}
