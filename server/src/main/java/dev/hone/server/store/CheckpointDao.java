package dev.hone.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code checkpoints} table: written by the runner after a checkpoint's weights are on disk. */
public final class CheckpointDao {
    /** A checkpoint row. */
    public record Checkpoint(String id, String jobId, long createdAt, long stepNumber,
                             String fineTunedModelCheckpoint, ObjectNode metrics) {
    }

    private CheckpointDao() {
    }

    public static void insert(Connection c, Checkpoint k) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO checkpoints (id, job_id, created_at, step_number,"
                + " fine_tuned_model_checkpoint, metrics) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, k.id());
            p.setString(2, k.jobId());
            p.setLong(3, k.createdAt());
            p.setLong(4, k.stepNumber());
            p.setString(5, k.fineTunedModelCheckpoint());
            p.setString(6, JsonColumns.text(k.metrics()));
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
                    out.add(new Checkpoint(rs.getString("id"), rs.getString("job_id"), rs.getLong("created_at"),
                            rs.getLong("step_number"), rs.getString("fine_tuned_model_checkpoint"),
                            (ObjectNode) JsonColumns.parse(rs.getString("metrics"))));
                }
            }
            return out;
        }
    }
}
