package dev.hone.server.store;

import dev.hone.server.jobs.JobEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The {@code job_events} table: append-only, listed newest first. */
public final class EventDao {
    private EventDao() {
    }

    public static void insert(Connection c, JobEvent e) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO job_events (id, job_id, created_at, level, type,"
                + " message, data) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, e.id());
            p.setString(2, e.jobId());
            p.setLong(3, e.createdAt());
            p.setString(4, e.level());
            p.setString(5, e.type());
            p.setString(6, e.message());
            p.setString(7, JsonColumns.text(e.data()));
            p.executeUpdate();
        }
    }

    /** Up to {@code limit} events of the job, newest first, after {@code after} (exclusive). */
    public static List<JobEvent> list(Connection c, String jobId, String after, int limit) throws SQLException {
        String sql = "SELECT * FROM job_events WHERE job_id = ?"
                + (after != null ? " AND seq < (SELECT seq FROM job_events WHERE job_id = ? AND id = ?)" : "")
                + " ORDER BY seq DESC LIMIT ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, jobId);
            if (after != null) {
                p.setString(i++, jobId);
                p.setString(i++, after);
            }
            p.setInt(i, limit);
            List<JobEvent> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    /** The highest {@code data.step} of the job's metrics events, 0 when none. */
    public static long lastMetricsStep(Connection c, String jobId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(json_extract(data, '$.step')), 0)"
                + " FROM job_events WHERE job_id = ? AND type = 'metrics'")) {
            p.setString(1, jobId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The job's metrics events, oldest first. */
    public static List<JobEvent> metrics(Connection c, String jobId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT * FROM job_events WHERE job_id = ? AND type = 'metrics' ORDER BY seq")) {
            p.setString(1, jobId);
            List<JobEvent> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    private static JobEvent row(ResultSet rs) throws SQLException {
        return new JobEvent(rs.getString("id"), rs.getString("job_id"), rs.getLong("created_at"),
                rs.getString("level"), rs.getString("type"), rs.getString("message"), JsonColumns.parse(rs.getString("data")));
    }
}
