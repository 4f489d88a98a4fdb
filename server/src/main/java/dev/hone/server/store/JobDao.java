package dev.hone.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.jobs.Job;
import dev.hone.server.jobs.JobError;
import dev.hone.server.jobs.JobStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code jobs} table. Reads are scoped by organization except {@link #withStatus}, which the background
 * stages use. Only {@code dev.hone.server.jobs.JobStateMachine} calls {@link #updateStatus}.
 */
public final class JobDao {
    private JobDao() {
    }

    public static void insert(Connection c, Job j) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs (id, org, created_at, model, status,"
                + " training_file, validation_file, seed, suffix, method, integrations, metadata, error,"
                + " fine_tuned_model, finished_at, trained_tokens, result_files, estimated_finish)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, j.id());
            p.setString(2, j.org());
            p.setLong(3, j.createdAt());
            p.setString(4, j.model());
            p.setString(5, j.status().wire());
            p.setString(6, j.trainingFile());
            p.setString(7, j.validationFile());
            p.setLong(8, j.seed());
            p.setString(9, j.suffix());
            p.setString(10, JsonColumns.text(j.method()));
            p.setString(11, JsonColumns.text(j.integrations()));
            p.setString(12, JsonColumns.text(j.metadata()));
            p.setString(13, JsonColumns.text(j.error()));
            p.setString(14, j.fineTunedModel());
            p.setObject(15, j.finishedAt());
            p.setObject(16, j.trainedTokens());
            p.setString(17, JsonColumns.text(j.resultFiles()));
            p.setObject(18, j.estimatedFinish());
            p.executeUpdate();
        }
    }

    /** Writes status, error and finished_at of {@code j}. */
    public static void updateStatus(Connection c, Job j) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE jobs SET status = ?, error = ?, finished_at = ? WHERE id = ?")) {
            p.setString(1, j.status().wire());
            p.setString(2, JsonColumns.text(j.error()));
            p.setObject(3, j.finishedAt());
            p.setString(4, j.id());
            p.executeUpdate();
        }
    }

    public static Optional<Job> find(Connection c, String org, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM jobs WHERE org = ? AND id = ?")) {
            p.setString(1, org);
            p.setString(2, id);
            return one(p);
        }
    }

    /** The job whatever its organization (background stages only). */
    public static Optional<Job> findAnyOrg(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM jobs WHERE id = ?")) {
            p.setString(1, id);
            return one(p);
        }
    }

    /** Ids of every job in {@code status}, oldest first. */
    public static List<String> withStatus(Connection c, JobStatus status) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM jobs WHERE status = ? ORDER BY seq")) {
            p.setString(1, status.wire());
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * Up to {@code limit} jobs of {@code org}, newest first, after {@code after} (exclusive).
     *
     * @param metadata pairs every returned job's metadata must contain; null means "jobs without metadata"
     */
    public static List<Job> list(Connection c, String org, String after, int limit, Map<String, String> metadata)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE org = ?");
        List<Object> args = new ArrayList<>(List.of(org));
        if (metadata == null) {
            sql.append(" AND metadata IS NULL");
        } else {
            for (var e : metadata.entrySet()) {
                sql.append(" AND json_extract(metadata, ?) = ?");
                args.add("$.\"" + e.getKey() + "\"");
                args.add(e.getValue());
            }
        }
        if (after != null) {
            sql.append(" AND seq < (SELECT seq FROM jobs WHERE org = ? AND id = ?)");
            args.add(org);
            args.add(after);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit);
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            List<Job> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    /**
     * Takes a lease on the oldest job a worker may start: a {@code queued} job nobody holds, or a
     * {@code running} job whose lease has expired (its worker died). Call inside a transaction.
     *
     * @return the claimed job's id, or empty when there is no work
     */
    public static Optional<String> claim(Connection c, String owner, long now, long until) throws SQLException {
        String id;
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM jobs WHERE (status = 'queued' AND"
                + " (lease_until IS NULL OR lease_until < ?)) OR (status = 'running' AND"
                + " (lease_until IS NULL OR lease_until < ?)) ORDER BY seq LIMIT 1")) {
            p.setLong(1, now);
            p.setLong(2, now);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getString(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE id = ?")) {
            p.setString(1, owner);
            p.setLong(2, until);
            p.setString(3, id);
            p.executeUpdate();
        }
        return Optional.of(id);
    }

    /** Extends the lease of {@code owner}; false when the lease is no longer theirs. */
    public static boolean renewLease(Connection c, String id, String owner, long until) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?")) {
            p.setLong(1, until);
            p.setString(2, id);
            p.setString(3, owner);
            return p.executeUpdate() == 1;
        }
    }

    /** Gives the lease of {@code owner} back. */
    public static void releaseLease(Connection c, String id, String owner) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")) {
            p.setString(1, id);
            p.setString(2, owner);
            p.executeUpdate();
        }
    }

    /** Writes the job's method (its hyperparameters resolved). */
    public static void updateMethod(Connection c, String id, ObjectNode method) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET method = ? WHERE id = ?")) {
            p.setString(1, JsonColumns.text(method));
            p.setString(2, id);
            p.executeUpdate();
        }
    }

    /** Writes the estimated finish (unix seconds, or null). */
    public static void updateEstimatedFinish(Connection c, String id, Long at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET estimated_finish = ? WHERE id = ?")) {
            p.setObject(1, at);
            p.setString(2, id);
            p.executeUpdate();
        }
    }

    /** Writes a succeeded job's results: model, trained tokens, result files; clears the estimate. */
    public static void updateResults(Connection c, String id, String fineTunedModel, long trainedTokens,
                                     List<String> resultFiles) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET fine_tuned_model = ?, trained_tokens = ?,"
                + " result_files = ?, estimated_finish = NULL WHERE id = ?")) {
            p.setString(1, fineTunedModel);
            p.setLong(2, trainedTokens);
            p.setString(3, JsonColumns.text(resultFiles));
            p.setString(4, id);
            p.executeUpdate();
        }
    }

    private static Optional<Job> one(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static Job row(ResultSet rs) throws SQLException {
        JsonNode error = JsonColumns.parse(rs.getString("error"));
        JobError jobError = error == null || error.isNull() ? null : new JobError(error.path("code").asText(),
                error.path("message").asText(), error.path("param").isNull() ? null : error.path("param").asText());
        List<String> results = new ArrayList<>();
        JsonColumns.parse(rs.getString("result_files")).forEach(n -> results.add(n.asText()));
        return new Job(rs.getString("id"), rs.getString("org"), rs.getLong("created_at"), rs.getString("model"),
                JobStatus.of(rs.getString("status")), rs.getString("training_file"),
                rs.getString("validation_file"), rs.getLong("seed"), rs.getString("suffix"),
                (ObjectNode) JsonColumns.parse(rs.getString("method")), (ArrayNode) JsonColumns.parse(rs.getString("integrations")),
                (ObjectNode) JsonColumns.parse(rs.getString("metadata")), jobError, rs.getString("fine_tuned_model"),
                nullableLong(rs, "finished_at"), nullableLong(rs, "trained_tokens"), results,
                nullableLong(rs, "estimated_finish"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
