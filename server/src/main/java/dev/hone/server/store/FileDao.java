package dev.hone.server.store;

import dev.hone.server.files.FileRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code files} table. Every query is scoped by organization, and a file past its {@code expires_at}
 * reads as gone.
 */
public final class FileDao {
    private static final String LIVE = " AND (expires_at IS NULL OR expires_at > unixepoch())";

    private FileDao() {
    }

    public static void insert(Connection c, FileRecord f) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO files (id, org, created_at, bytes, filename,"
                + " purpose, status, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, f.id());
            p.setString(2, f.org());
            p.setLong(3, f.createdAt());
            p.setLong(4, f.bytes());
            p.setString(5, f.filename());
            p.setString(6, f.purpose());
            p.setString(7, f.status());
            p.setObject(8, f.expiresAt());
            p.executeUpdate();
        }
    }

    public static Optional<FileRecord> find(Connection c, String org, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM files WHERE org = ? AND id = ?" + LIVE)) {
            p.setString(1, org);
            p.setString(2, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Up to {@code limit} files after {@code after} (exclusive) in {@code ascending} or descending order of
     * creation; a missing {@code after} id gives an empty list.
     */
    public static List<FileRecord> list(Connection c, String org, String purpose, boolean ascending, String after,
                                        int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM files WHERE org = ?" + LIVE);
        List<Object> args = new ArrayList<>(List.of(org));
        if (purpose != null) {
            sql.append(" AND purpose = ?");
            args.add(purpose);
        }
        if (after != null) {
            sql.append(" AND seq ").append(ascending ? ">" : "<")
                    .append(" (SELECT seq FROM files WHERE org = ? AND id = ?)");
            args.add(org);
            args.add(after);
        }
        sql.append(" ORDER BY seq ").append(ascending ? "ASC" : "DESC").append(" LIMIT ?");
        args.add(limit);
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            List<FileRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    public static boolean delete(Connection c, String org, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM files WHERE org = ? AND id = ?")) {
            p.setString(1, org);
            p.setString(2, id);
            return p.executeUpdate() == 1;
        }
    }

    private static FileRecord row(ResultSet rs) throws SQLException {
        long exp = rs.getLong("expires_at");
        Long expiresAt = rs.wasNull() ? null : exp;
        return new FileRecord(rs.getString("id"), rs.getString("org"), rs.getLong("created_at"),
                rs.getLong("bytes"), rs.getString("filename"), rs.getString("purpose"), rs.getString("status"),
                expiresAt);
    }
}
