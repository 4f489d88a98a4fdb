package dev.hone.server.store;

import dev.hone.server.uploads.Upload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code uploads} and {@code upload_parts} tables. */
public final class UploadDao {
    private UploadDao() {
    }

    public static void insert(Connection c, Upload u) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO uploads (id, org, created_at, expires_at, filename,"
                + " purpose, bytes, mime_type, status, file_id, file_ttl) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, u.id());
            p.setString(2, u.org());
            p.setLong(3, u.createdAt());
            p.setLong(4, u.expiresAt());
            p.setString(5, u.filename());
            p.setString(6, u.purpose());
            p.setLong(7, u.bytes());
            p.setString(8, u.mimeType());
            p.setString(9, u.status());
            p.setString(10, u.fileId());
            p.setObject(11, u.fileTtl());
            p.executeUpdate();
        }
    }

    public static Optional<Upload> find(Connection c, String org, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT * FROM uploads WHERE org = ? AND id = ?")) {
            p.setString(1, org);
            p.setString(2, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long ttl = rs.getLong("file_ttl");
                Long fileTtl = rs.wasNull() ? null : ttl;
                return Optional.of(new Upload(rs.getString("id"), rs.getString("org"), rs.getLong("created_at"),
                        rs.getLong("expires_at"), rs.getString("filename"), rs.getString("purpose"),
                        rs.getLong("bytes"), rs.getString("mime_type"), rs.getString("status"),
                        rs.getString("file_id"), fileTtl));
            }
        }
    }

    /** Sets status (and file id) only if the upload is still pending; false when it was not. */
    public static boolean finish(Connection c, String id, String status, String fileId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE uploads SET status = ?, file_id = ? WHERE id = ? AND status = 'pending'")) {
            p.setString(1, status);
            p.setString(2, fileId);
            p.setString(3, id);
            return p.executeUpdate() == 1;
        }
    }

    public static void insertPart(Connection c, String id, String uploadId, long createdAt, long bytes)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO upload_parts (id, upload_id, created_at, bytes) VALUES (?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, uploadId);
            p.setLong(3, createdAt);
            p.setLong(4, bytes);
            p.executeUpdate();
        }
    }

    /** Part id → size, in the order the parts were added. */
    public static Map<String, Long> parts(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT id, bytes FROM upload_parts WHERE upload_id = ? ORDER BY seq")) {
            p.setString(1, uploadId);
            Map<String, Long> out = new LinkedHashMap<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        }
    }
}
