package dev.hone.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations: SQL files under {@code db/migration/} on the class path, applied in
 * order, each recorded in {@code schema_version}. A small runner of our own rather than Flyway: its
 * SQLite support lives in a separate module, and six tables do not need it (ARCHITECTURE.md).
 * Statements in a file are separated by a line that ends with {@code ;}.
 */
public final class Migrations {
    /** Every migration, in order; version = position + 1. Append only: never edit an applied file. */
    static final List<String> FILES = List.of("V1__init.sql", "V2__runner.sql");

    private Migrations() {
    }

    /** Applies the migrations {@code c} has not seen yet, inside the caller's transaction. */
    public static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                    + " script TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        }
        int current = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            if (rs.next()) {
                current = rs.getInt(1);
            }
        }
        if (current > FILES.size()) {
            throw new SQLException("The database schema is version " + current + " but this Hone knows only "
                    + FILES.size() + ": it was written by a newer Hone. Upgrade Hone or use another HONE_HOME.");
        }
        for (int v = current + 1; v <= FILES.size(); v++) {
            String script = FILES.get(v - 1);
            for (String sql : read(script).split(";\\s*\\n")) {
                if (!sql.isBlank()) {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version VALUES (?, ?, ?)")) {
                p.setInt(1, v);
                p.setString(2, script);
                p.setLong(3, System.currentTimeMillis() / 1000);
                p.executeUpdate();
            }
        }
    }

    private static String read(String script) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
            if (in == null) {
                throw new SQLException("Migration db/migration/" + script + " is missing from the class path.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("Cannot read migration " + script + ": " + e.getMessage(), e);
        }
    }
}
