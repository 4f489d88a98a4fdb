package dev.hone.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Embedded SQLite in WAL mode. One connection, used by one caller at a time: SQLite allows one writer
 * anyway, and the control plane's queries are small, so a lock is simpler and faster than a pool.
 * Migrations run on open.
 */
public final class SqliteDatabase implements Database {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private SqliteDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static SqliteDatabase open(Path file) {
        return open("jdbc:sqlite:" + file.toAbsolutePath(), true);
    }

    /** A fresh in-memory database, for tests. */
    public static SqliteDatabase inMemory() {
        return open("jdbc:sqlite::memory:", false);
    }

    private static SqliteDatabase open(String url, boolean wal) {
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                if (wal) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=FULL");
                }
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            c.setAutoCommit(false);
            SqliteDatabase db = new SqliteDatabase(c);
            db.transaction("apply migrations", conn -> {
                Migrations.apply(conn);
                return null;
            });
            return db;
        } catch (SQLException e) {
            throw new StoreException("Cannot open the SQLite database " + url + ": " + e.getMessage()
                    + ". Check that HONE_HOME is writable and not used by another Hone process.", e);
        }
    }

    @Override
    public <T> T transaction(String what, Work<T> work) {
        lock.lock();
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(e);
                if (e instanceof SQLException sql) {
                    throw new StoreException("Cannot " + what + ": " + sql.getMessage(), sql);
                }
                throw (RuntimeException) e;
            }
        } finally {
            lock.unlock();
        }
    }

    private void rollback(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("Cannot close the database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
