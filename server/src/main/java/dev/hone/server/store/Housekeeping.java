package dev.hone.server.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reclaims space that expiry left behind: files past their {@code expires_at} (already invisible to the
 * API) lose their row and blob, and pending uploads past their hour become {@code expired} and lose their
 * parts. Rows go first, in one transaction, then blobs, so a crash in between leaves only invisible blobs.
 * Runs once at start and then hourly on a virtual thread.
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = System.getLogger("hone.housekeeping");

    private final Database db;
    private final BlobStore blobs;
    private Thread thread;

    public Housekeeping(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    /** Starts the hourly sweep. */
    public void start() {
        thread = Thread.ofVirtual().name("hone-housekeeping").start(() -> {
            try {
                while (true) {
                    try {
                        sweep();
                    } catch (RuntimeException e) {
                        LOG.log(Level.ERROR, "Housekeeping sweep failed; retrying in an hour", e);
                    }
                    TimeUnit.HOURS.sleep(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** One sweep; returns how many blobs it deleted. */
    public int sweep() {
        List<String> doomed = db.transaction("expire files and uploads", c -> {
            List<String> keys = new ArrayList<>(ids(c, "SELECT id FROM files WHERE expires_at <= unixepoch()"));
            keys.addAll(ids(c, "SELECT p.id FROM upload_parts p JOIN uploads u ON u.id = p.upload_id"
                    + " WHERE u.status = 'pending' AND u.expires_at <= unixepoch()"));
            try (PreparedStatement p = c.prepareStatement("DELETE FROM files WHERE expires_at <= unixepoch()")) {
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM upload_parts WHERE upload_id IN (SELECT id"
                    + " FROM uploads WHERE status = 'pending' AND expires_at <= unixepoch())")) {
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE uploads SET status = 'expired' WHERE status = 'pending' AND expires_at <= unixepoch()")) {
                p.executeUpdate();
            }
            return keys;
        });
        for (String key : doomed) {
            blobs.delete(key);
        }
        return doomed.size();
    }

    private static List<String> ids(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
