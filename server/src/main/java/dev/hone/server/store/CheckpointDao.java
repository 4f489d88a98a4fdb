package dev.hone.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code checkpoints} table: written by the runner after a checkpoint's weights are on disk. */
public final class CheckpointDao {
    /**
     * A checkpoint row.
     *
     * @param baseModel   the base model's registry name, or null
     * @param weightsDir  the checkpoint's weights (PEFT adapter or full model directory), or null
     * @param weightsKind {@code adapter} or {@code full}, or null
     */
    public record Checkpoint(String id, String jobId, long createdAt, long stepNumber,
                             String fineTunedModelCheckpoint, ObjectNode metrics, String baseModel,
                             String weightsDir, String weightsKind) {
        /** A row without weights. */
        public Checkpoint(String id, String jobId, long createdAt, long stepNumber, String fineTunedModelCheckpoint,
                          ObjectNode metrics) {
            this(id, jobId, createdAt, stepNumber, fineTunedModelCheckpoint, metrics, null, null, null);
        }
    }

    private CheckpointDao() {
    }

    public static void insert(Connection c, Checkpoint k) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO checkpoints (id, job_id, created_at, step_number,"
                + " fine_tuned_model_checkpoint, metrics, base_model, weights_dir, weights_kind)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, k.id());
            p.setString(2, k.jobId());
            p.setLong(3, k.createdAt());
            p.setLong(4, k.stepNumber());
            p.setString(5, k.fineTunedModelCheckpoint());
            p.setString(6, JsonColumns.text(k.metrics()));
            p.setString(7, k.baseModel());
            p.setString(8, k.weightsDir());
            p.setString(9, k.weightsKind());
            p.executeUpdate();
        }
    }

    /** Up to {@code limit} checkpoints of the job, newest first, after {@code after} (exclusive). */
    public static List<Checkpoint> list(Connection c, String jobId, String after, int limit) throws SQLException {
        String sql = "SELECT * FROM checkpoints WHERE job_id = ?"
                + (after != null ? " AND seq < (SELECT seq FROM checkpoints WHERE job_id = ? AND id = ?)" : "")
                + " ORDER BY seq DESC LIMIT ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, jobId);
            if (after != null) {
                p.setString(i++, jobId);
                p.setString(i++, after);
            }
            p.setInt(i, limit);
            List<Checkpoint> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    /** The checkpoint named {@code modelId} of a job of {@code org}. */
    public static Optional<Checkpoint> findByModel(Connection c, String org, String modelId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT k.* FROM checkpoints k JOIN jobs j ON j.id = k.job_id"
                + " WHERE j.org = ? AND k.fine_tuned_model_checkpoint = ?")) {
            p.setString(1, org);
            p.setString(2, modelId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Every checkpoint of the job, oldest first. */
    public static List<Checkpoint> all(Connection c, String jobId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM checkpoints WHERE job_id = ? ORDER BY seq")) {
            p.setString(1, jobId);
            List<Checkpoint> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    public static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM checkpoints WHERE id = ?")) {
            p.setString(1, id);
            p.executeUpdate();
        }
    }

    private static Checkpoint row(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getString("id"), rs.getString("job_id"), rs.getLong("created_at"),
                rs.getLong("step_number"), rs.getString("fine_tuned_model_checkpoint"),
                (ObjectNode) JsonColumns.parse(rs.getString("metrics")), rs.getString("base_model"),
                rs.getString("weights_dir"), rs.getString("weights_kind"));
    }
}
