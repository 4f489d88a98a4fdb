package dev.hone.server.jobs;

import java.util.Locale;

/** A job's status (reference §2.4), with its wire name. Only {@link JobStateMachine} changes it. */
public enum JobStatus {
    VALIDATING_FILES, QUEUED, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED;

    /** The wire name, e.g. {@code validating_files}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. */
    public static JobStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** True for succeeded, failed and cancelled: nothing moves a job out of these. */
    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
