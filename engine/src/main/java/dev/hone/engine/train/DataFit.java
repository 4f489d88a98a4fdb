package dev.hone.engine.train;

import dev.hone.engine.data.TokenizedExample;
import dev.hone.engine.model.ConfigReader;
import dev.hone.engine.model.ModelConfig;

import java.util.List;

/**
 * Checks before loading weights that a spec's data fits its model: every token id inside the vocabulary and
 * the sequence length within the model's positions, so a mismatch fails with a message rather than an index
 * error deep inside a layer.
 */
final class DataFit {
    private DataFit() {
    }

    /** @throws IllegalArgumentException naming the example and id, or the lengths, that do not fit */
    static void check(TrainingSpec spec) {
        ModelConfig config = ConfigReader.read(spec.modelDir());
        Hyperparameters hp = spec.hyperparameters();
        int limit = config.slidingWindow() > 0 ? Math.min(config.maxT(), config.slidingWindow()) : config.maxT();
        if (hp.seqLen() > limit) {
            throw new IllegalArgumentException("sequence length " + hp.seqLen() + " exceeds the model's " + limit
                    + " positions (max_position_embeddings / sliding_window in config.json); use a sequence length"
                    + " of at most " + limit);
        }
        for (List<TokenizedExample> set : List.of(spec.examples(), spec.validationExamples())) {
            for (int i = 0; i < set.size(); i++) {
                for (int id : set.get(i).ids()) {
                    if (id < 0 || id >= config.V()) {
                        throw new IllegalArgumentException((set == spec.examples() ? "training" : "validation")
                                + " example " + i + " holds token id " + id + " but the model's vocabulary has "
                                + config.V() + " ids; tokenize the data with this model's tokenizer");
                    }
                }
            }
        }
    }
}
