package dev.hone.engine.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.HoneException;
import dev.hone.engine.io.DType;
import dev.hone.engine.io.NamedTensor;
import dev.hone.engine.io.SafetensorsWriter;
import dev.hone.engine.io.TensorStore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves and restores {@link AdamW} state bit-exactly: {@code optimizer.safetensors} holds every
 * parameter's moments as fp32 ({@code exp_avg.NAME}, {@code exp_avg_sq.NAME}), and
 * {@code optimizer.json} the step, the hyperparameters and the parameter list. Both files carry the
 * step so a mismatched pair is detected. Each file is written to a temporary name and renamed.
 * Not a checkpoint writer: weights, data order and RNG are the trainer's.
 */
public final class OptimizerStateFiles {
    /** Moments file name inside the state directory. */
    public static final String TENSORS = "optimizer.safetensors";
    /** Step and hyperparameters file name inside the state directory. */
    public static final String JSON_FILE = "optimizer.json";
    private static final String FORMAT = "hone-adamw-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OptimizerStateFiles() {
    }

    /** Writes the state of {@code opt} into directory {@code dir} (created if absent). */
    public static void save(AdamW opt, Path dir) {
        List<NamedTensor> tensors = new ArrayList<>();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("step", opt.stepCount());
        root.put("beta1", opt.config().beta1());
        root.put("beta2", opt.config().beta2());
        root.put("eps", opt.config().eps());
        root.put("weight_decay", opt.config().weightDecay());
        ArrayNode list = root.putArray("params");
        for (int i = 0; i < opt.params().size(); i++) {
            TrainableTensor p = opt.params().get(i);
            tensors.add(NamedTensor.vector("exp_avg." + p.name(), opt.firstMoment(i)));
            tensors.add(NamedTensor.vector("exp_avg_sq." + p.name(), opt.secondMoment(i)));
            list.addObject().put("name", p.name()).put("size", p.data().length).put("decay", p.decay());
        }
        Path json = dir.resolve(JSON_FILE);
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(TENSORS), tensors, DType.F32,
                    Map.of("format", FORMAT, "step", Long.toString(opt.stepCount())));
            Path tmp = dir.resolve("." + JSON_FILE + ".tmp");
            try {
                Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                move(tmp, json);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | HoneException e) {
            throw new UnableToSaveOptimizerStateException("Unable to save optimizer state to " + dir + ": " + e.getMessage()
                    + ". Check free disk space and permissions", e);
        }
    }

    /**
     * Restores into {@code opt} the state saved in {@code dir}. The parameters must be the same names,
     * in the same order, with the same sizes as when saved.
     *
     * @throws UnableToLoadOptimizerStateException naming the directory and the first mismatch
     */
    public static void restore(AdamW opt, Path dir) {
        JsonNode root = readJson(dir.resolve(JSON_FILE));
        long step = root.path("step").asLong(-1);
        JsonNode list = root.path("params");
        if (!FORMAT.equals(root.path("format").asText()) || step < 0 || !list.isArray()) {
            throw fail(dir, JSON_FILE + " is not " + FORMAT + " state (format, step, params); found " + root);
        }
        List<TrainableTensor> params = opt.params();
        if (list.size() != params.size()) {
            throw fail(dir, "it holds state for " + list.size() + " parameters but the optimizer has " + params.size()
                    + "; resume with the same model and training method");
        }
        float[][] m = new float[params.size()][];
        float[][] v = new float[params.size()][];
        try (TensorStore store = TensorStore.openFile(dir.resolve(TENSORS))) {
            String savedStep = store.metadata().get("step");
            if (!Long.toString(step).equals(savedStep)) {
                throw fail(dir, JSON_FILE + " says step " + step + " but " + TENSORS + " says " + savedStep
                        + "; the two files come from different saves");
            }
            for (int i = 0; i < params.size(); i++) {
                TrainableTensor p = params.get(i);
                String name = list.get(i).path("name").asText();
                long size = list.get(i).path("size").asLong(-1);
                if (!p.name().equals(name) || size != p.data().length) {
                    throw fail(dir, "parameter " + i + " was saved as '" + name + "' (" + size + " values) but is now '"
                            + p.name() + "' (" + p.data().length + " values); resume with the same model and method");
                }
                m[i] = store.floats("exp_avg." + name);
                v[i] = store.floats("exp_avg_sq." + name);
                if (m[i].length != size || v[i].length != size) {
                    throw fail(dir, "moments of '" + name + "' hold " + m[i].length + "/" + v[i].length
                            + " values; expected " + size);
                }
            }
        } catch (HoneException e) {
            if (e instanceof UnableToLoadOptimizerStateException) {
                throw e;
            }
            throw new UnableToLoadOptimizerStateException("Unable to load optimizer state from " + dir + ": "
                    + e.getMessage(), e);
        }
        opt.restore(step, m, v);
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UnableToLoadOptimizerStateException("Unable to load optimizer state from " + file + ": " + e
                    + ". The checkpoint is incomplete or corrupt", e);
        }
    }

    private static UnableToLoadOptimizerStateException fail(Path dir, String detail) {
        return new UnableToLoadOptimizerStateException("Unable to load optimizer state from " + dir + ": " + detail
                + ".");
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
