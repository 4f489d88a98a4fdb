package dev.hone.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The relational store behind every DAO. Implementations: {@link SqliteDatabase} (embedded default);
 * PostgreSQL later. Work runs in a callback so that a connection is never leaked and a transaction
 * either commits whole or not at all.
 */
public interface Database extends AutoCloseable {
    /** Work against a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param what what the work does, for the error message if it fails
     * @throws StoreException wrapping an {@link SQLException}
     */
    <T> T transaction(String what, Work<T> work);

    /** Runs read-only {@code work}; same contract as {@link #transaction}. */
    default <T> T read(String what, Work<T> work) {
        return transaction(what, work);
    }

    @Override
    void close();
}
