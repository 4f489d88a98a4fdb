package dev.hone.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code models} table: fine-tuned models, each owned by one organization. */
public final class ModelDao {
    /**
     * A fine-tuned model row.
     *
     * @param baseModel   the base model's name in the registry (a directory under {@code HONE_MODELS}), or null
     * @param weightsDir  the trained weights: a PEFT adapter or a full Hugging Face model directory, or null
     * @param weightsKind {@code adapter} or {@code full}, or null
     */
    public record FineTunedModel(String id, String org, long createdAt, String jobId, String baseModel,
                                 String weightsDir, String weightsKind) {
        /** A row without weights (tests and models registered before the runner). */
        public FineTunedModel(String id, String org, long createdAt, String jobId) {
            this(id, org, createdAt, jobId, null, null, null);
        }
    }

    private ModelDao() {
    }

    public static void insert(Connection c, FineTunedModel m) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO models (id, org, created_at, job_id, base_model, weights_dir, weights_kind)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, m.id());
            p.setString(2, m.org());
            p.setLong(3, m.createdAt());
            p.setString(4, m.jobId());
            p.setString(5, m.baseModel());
            p.setString(6, m.weightsDir());
            p.setString(7, m.weightsKind());
            p.executeUpdate();
        }
    }

    public static List<FineTunedModel> list(Connection c, String org) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM models WHERE org = ? ORDER BY seq")) {
            p.setString(1, org);
            List<FineTunedModel> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    public static Optional<FineTunedModel> find(Connection c, String org, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM models WHERE org = ? AND id = ?")) {
            p.setString(1, org);
            p.setString(2, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    public static boolean delete(Connection c, String org, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM models WHERE org = ? AND id = ?")) {
            p.setString(1, org);
            p.setString(2, id);
            return p.executeUpdate() == 1;
        }
    }

    private static FineTunedModel row(ResultSet rs) throws SQLException {
        return new FineTunedModel(rs.getString("id"), rs.getString("org"), rs.getLong("created_at"),
                rs.getString("job_id"), rs.getString("base_model"), rs.getString("weights_dir"),
                rs.getString("weights_kind"));
    }
}
