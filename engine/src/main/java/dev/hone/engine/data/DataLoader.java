package dev.hone.engine.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tokenized dataset into optimizer steps, epoch after epoch. Each epoch visits every example
 * once, in an order drawn from a seeded {@link Xoshiro256} (or in dataset order without shuffling);
 * each step takes the next {@code examplesPerStep} examples of that order (fewer on the epoch's last
 * step; steps never span epochs) and assembles them into micro-batches for gradient accumulation.
 * The position is a {@link DataCursor}: saving it and later calling {@link #seek} continues with
 * exactly the same remaining order. Not thread-safe.
 */
public final class DataLoader {
    private final List<TokenizedExample> examples;
    private final BatchingConfig config;
    private long[] epochStartRng;
    private long[] nextEpochRng;
    private int epoch;
    private int next;
    private int[] order;

    /**
     * @param examples the dataset, at least one example; not copied
     * @param config   shapes, batch size, layout and shuffle seed
     */
    public DataLoader(List<TokenizedExample> examples, BatchingConfig config) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the training set has no examples; expected at least one");
        }
        this.examples = examples;
        this.config = config;
        startEpoch(0, Xoshiro256.seeded(config.seed()).state());
    }

    private void startEpoch(int epochIndex, long[] rngState) {
        epoch = epochIndex;
        epochStartRng = rngState.clone();
        order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Xoshiro256 rng = Xoshiro256.fromState(rngState);
        if (config.shuffle()) {
            rng.shuffle(order);
        }
        nextEpochRng = rng.state();
        next = 0;
    }

    /** Optimizer steps per epoch: ceil(examples / examplesPerStep). */
    public int stepsPerEpoch() {
        return (examples.size() + config.examplesPerStep() - 1) / config.examplesPerStep();
    }

    /**
     * The next step's work, moving to the next epoch when this one is used up. Epoch e+1's order is
     * shuffled by the generator state left after epoch e's shuffle, so the sequence of epochs follows
     * from the seed alone.
     */
    public StepPlan next() {
        if (next >= order.length) {
            startEpoch(epoch + 1, nextEpochRng);
        }
        int count = Math.min(config.examplesPerStep(), order.length - next);
        List<TokenizedExample> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            chosen.add(examples.get(order[next + i]));
        }
        int stepInEpoch = next / config.examplesPerStep();
        next += count;
        List<MicroBatch> micro = MicroBatchAssembler.assemble(chosen, config);
        long targets = 0;
        for (MicroBatch m : micro) {
            targets += m.targetTokens();
        }
        return new StepPlan(epoch, stepInEpoch, micro, count, targets);
    }

    /** The position to save: the next {@link #next()} after {@link #seek} with it returns the same step. */
    public DataCursor cursor() {
        return new DataCursor(epochStartRng, epoch, next);
    }

    /**
     * Continues from a saved cursor of a loader over the same examples and config.
     *
     * @throws IllegalArgumentException when the cursor points past the dataset (a different dataset)
     */
    public void seek(DataCursor cursor) {
        if (cursor.nextExample() > examples.size()) {
            throw new IllegalArgumentException("the data cursor points at example " + cursor.nextExample()
                    + " but the dataset has " + examples.size() + "; resume with the same training file");
        }
        startEpoch(cursor.epoch(), cursor.epochStartRng());
        next = cursor.nextExample();
    }

    /** The 0-based epoch of the most recent step. */
    public int epoch() {
        return epoch;
    }

    /** Examples longer than T, whose tokens past T are dropped. */
    public int truncatedExamples() {
        int n = 0;
        for (TokenizedExample e : examples) {
            n += e.length() > config.seqLen() ? 1 : 0;
        }
        return n;
    }

    /** Examples with no loss target within their first T tokens: they teach nothing. */
    public int examplesWithoutTargets() {
        int n = 0;
        for (TokenizedExample e : examples) {
            n += e.targetsWithin(config.seqLen()) == 0 ? 1 : 0;
        }
        return n;
    }

    /** Every example once, in dataset order, as micro-batches: for validation loss. */
    public static List<MicroBatch> evaluationBatches(List<TokenizedExample> examples, BatchingConfig config) {
        return MicroBatchAssembler.assemble(examples, config);
    }
}
