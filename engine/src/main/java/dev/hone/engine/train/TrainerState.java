package dev.hone.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.data.DataCursor;
import dev.hone.engine.data.TokenizedExample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The resume sidecar of a checkpoint ({@code trainer_state.json}): everything besides weights and optimizer
 * moments that the next step depends on. Step, planned steps, the data cursor (shuffle RNG state, epoch,
 * position), the LoRA dropout counters, the hyperparameters (seed included), a fingerprint of the training
 * data, and the kernel thread count the run used. Reference: nanoGPT's {@code checkpoint} dict, torchtune
 * {@code _update_recipe_state}.
 *
 * @param step            optimizer steps taken
 * @param totalSteps      planned steps of the run
 * @param cursor          where the data loader continues
 * @param loraCounters    each adapter's forward counter, in adapter order; empty for full fine-tuning
 * @param hyperparameters the run's hyperparameters as JSON
 * @param dataFingerprint {@link #fingerprint} of the training examples
 * @param threads         kernel threads of the run that wrote it
 */
public record TrainerState(long step, long totalSteps, DataCursor cursor, long[] loraCounters,
                           JsonNode hyperparameters, long dataFingerprint, int threads) {
    /** The sidecar's file name inside a checkpoint directory. */
    public static final String FILE = "trainer_state.json";
    private static final String FORMAT = "hone-trainer-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The hyperparameters as the JSON stored in (and compared against) a checkpoint. */
    public static JsonNode toJson(Hyperparameters hp) {
        return JSON.valueToTree(hp);
    }

    /** FNV-1a over every example's ids and trainable flags: a different training set gives another value. */
    public static long fingerprint(List<TokenizedExample> examples) {
        long h = 0xcbf29ce484222325L;
        for (TokenizedExample e : examples) {
            h = (h ^ e.length()) * 0x100000001b3L;
            for (int i = 0; i < e.length(); i++) {
                h = (h ^ (e.ids()[i] * 2L + (e.trainable()[i] ? 1 : 0))) * 0x100000001b3L;
            }
        }
        return h;
    }

    /** Writes {@code dir/trainer_state.json}. */
    public void write(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("step", step);
        root.put("total_steps", totalSteps);
        ObjectNode c = root.putObject("data_cursor");
        ArrayNode rng = c.putArray("rng");
        for (long s : cursor.epochStartRng()) {
            rng.add(s);
        }
        c.put("epoch", cursor.epoch());
        c.put("next_example", cursor.nextExample());
        ArrayNode counters = root.putArray("lora_dropout_counters");
        for (long v : loraCounters) {
            counters.add(v);
        }
        root.set("hyperparameters", hyperparameters);
        root.put("data_fingerprint", dataFingerprint);
        root.put("threads", threads);
        Files.write(dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /**
     * Reads {@code dir/trainer_state.json}.
     *
     * @throws UnableToResumeException when absent or not a Hone trainer state
     */
    public static TrainerState read(Path dir) {
        Path file = dir.resolve(FILE);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UnableToResumeException("cannot read " + file + " (" + e.getMessage() + "); resume from a"
                    + " checkpoint directory written by Hone's trainer", e);
        }
        JsonNode c = root.path("data_cursor");
        JsonNode rng = c.path("rng");
        if (!FORMAT.equals(root.path("format").asText()) || !rng.isArray() || rng.size() != 4
                || !root.path("step").isNumber() || !root.path("hyperparameters").isObject()) {
            throw new UnableToResumeException(file + " is not a " + FORMAT + " trainer state (format, step,"
                    + " data_cursor, hyperparameters); resume from a checkpoint directory written by Hone's trainer");
        }
        long[] state = new long[4];
        for (int i = 0; i < 4; i++) {
            state[i] = rng.get(i).asLong();
        }
        JsonNode counterNode = root.path("lora_dropout_counters");
        long[] counters = new long[counterNode.size()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = counterNode.get(i).asLong();
        }
        return new TrainerState(root.get("step").asLong(), root.path("total_steps").asLong(),
                new DataCursor(state, c.path("epoch").asInt(), c.path("next_example").asInt()), counters,
                root.get("hyperparameters"), root.path("data_fingerprint").asLong(), root.path("threads").asInt());
    }
}
