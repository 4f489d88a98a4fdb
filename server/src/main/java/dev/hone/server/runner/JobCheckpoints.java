package dev.hone.server.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.train.Checkpoint;
import dev.hone.server.store.CheckpointDao;
import dev.hone.server.store.Database;
import dev.hone.server.store.Ids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A job's epoch-end checkpoints as the API lists them (reference §2.5, §2.7): a row per checkpoint, written
 * after the engine has put its weights in place, named {@code ft:{base}:{org}:{suffix}:{id8}:ckpt-step-N}
 * (the final step's checkpoint carries the final model's name), only the last {@link #KEEP} kept (older rows
 * are deleted, then their directories). Also finds the newest checkpoint directory a run resumes from.
 */
final class JobCheckpoints {
    /** Epoch checkpoints kept, as OpenAI does. */
    static final int KEEP = 3;

    private final Database db;
    private final String jobId;
    private final ModelNames names;
    private final String baseModel;
    private final String weightsKind;
    private final Path dir;

    /**
     * @param dir the run's {@code checkpoints/} directory
     */
    JobCheckpoints(Database db, String jobId, ModelNames names, String baseModel, String weightsKind, Path dir) {
        this.db = db;
        this.jobId = jobId;
        this.names = names;
        this.baseModel = baseModel;
        this.weightsKind = weightsKind;
        this.dir = dir;
    }

    /** Records an epoch checkpoint (once, also across a crash and resume) and prunes to the last {@link #KEEP}. */
    void record(Checkpoint k, ObjectNode stepData) {
        ObjectNode metrics = stepData.deepCopy();
        long total = metrics.path("total_steps").asLong();
        metrics.remove(List.of("total_steps", "full_valid_loss", "full_valid_mean_token_accuracy"));
        String name = k.step() == total ? names.finalModel() : names.checkpoint(k.step());
        List<CheckpointDao.Checkpoint> removed = db.transaction("record checkpoint of " + jobId, c -> {
            List<CheckpointDao.Checkpoint> rows = CheckpointDao.all(c, jobId);
            if (rows.stream().noneMatch(r -> r.stepNumber() == k.step())) {
                CheckpointDao.insert(c, new CheckpointDao.Checkpoint(Ids.next(Ids.CHECKPOINT), jobId,
                        System.currentTimeMillis() / 1000, k.step(), name, metrics, baseModel,
                        k.dir().toAbsolutePath().toString(), weightsKind));
                rows = CheckpointDao.all(c, jobId);
            }
            List<CheckpointDao.Checkpoint> old = rows.subList(0, Math.max(0, rows.size() - KEEP));
            for (CheckpointDao.Checkpoint r : old) {
                CheckpointDao.delete(c, r.id());
            }
            return List.copyOf(old);
        });
        for (CheckpointDao.Checkpoint r : removed) {
            deleteTree(Path.of(r.weightsDir()));
        }
    }

    /** Every kept checkpoint row, oldest first. */
    List<CheckpointDao.Checkpoint> rows() {
        return db.read("list checkpoints of " + jobId, c -> CheckpointDao.all(c, jobId));
    }

    /** The newest complete checkpoint directory ({@code step-N} with its trainer state), if any. */
    Optional<Path> newest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(d -> d.getFileName().toString().matches("step-\\d+"))
                    .filter(d -> Files.isRegularFile(d.resolve("trainer_state.json")))
                    .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(5))));
        } catch (IOException e) {
            throw new TrainingFailure("training_failed", "Cannot list the checkpoints in " + dir + ": "
                    + e.getMessage() + ". Check the permissions of HONE_HOME.", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a directory left behind costs disk space only; the row is already gone
            System.getLogger("hone.runner").log(System.Logger.Level.WARNING, "Could not delete " + root + ": " + e);
        }
    }
}
