package dev.hone.server.files;

import dev.hone.server.http.ApiException;
import dev.hone.server.http.Paging.Page;
import dev.hone.server.store.BlobStore;
import dev.hone.server.store.BlobStore.TempBlob;
import dev.hone.server.store.Database;
import dev.hone.server.store.FileDao;
import dev.hone.server.store.Ids;
import dev.hone.server.validation.DatasetProblem;
import dev.hone.server.validation.DatasetValidator;
import dev.hone.server.validation.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * Files of every organization: the rules a new file must pass, publishing a finished temporary blob as a
 * file (blob renamed into place first, then its row inserted, so a crash in between leaves at worst an
 * invisible blob), lookups scoped by organization, and deletion. Shared by the Files and Uploads APIs.
 */
public final class FileCatalog {
    /** Largest file {@code POST /files} accepts (reference §1.3). */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;
    /** Purposes a client may upload with (reference §1.1). */
    public static final Set<String> UPLOAD_PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision",
            "user_data", "evals");

    private final Database db;
    private final BlobStore blobs;

    public FileCatalog(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    /** Checks an upload's purpose; {@code param} names the field it came from. */
    public static void checkPurpose(String purpose, String param, Set<String> allowed) {
        if (purpose == null) {
            throw ApiException.badRequest(param, "missing_required_parameter", "Missing required parameter: '"
                    + param + "'.");
        }
        if (!allowed.contains(purpose)) {
            throw ApiException.badRequest(param, "invalid_value", "Invalid value for '" + param + "': '" + purpose
                    + "'. Expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ".");
        }
    }

    /**
     * Checks a client-supplied file name: a plain name (no directories, no control characters), at most 255
     * characters, and {@code .jsonl} for fine-tuning.
     */
    public static void checkFilename(String filename, String purpose, String param) {
        if (filename.isEmpty() || filename.length() > 255 || filename.contains("/") || filename.contains("\\")
                || filename.equals(".") || filename.equals("..") || filename.chars().anyMatch(ch -> ch < 0x20)) {
            throw ApiException.badRequest(param, "invalid_filename", "Invalid file name '" + filename
                    + "': expected a plain name of 1 to 255 characters without '/', '\\' or control characters.");
        }
        if (purpose.equals("fine-tune") && !filename.toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            throw ApiException.badRequest(param, "invalid_file_format",
                    "Invalid file format for Fine-Tuning API. Must be .jsonl");
        }
    }

    /**
     * Checks a finished temporary blob's content for its purpose: never empty; for fine-tuning, JSONL
     * whose every line is a JSON object ({@link DatasetValidator#checkJsonl}).
     */
    public void checkContent(TempBlob blob, long bytes, String purpose, String param) {
        if (bytes == 0) {
            throw ApiException.badRequest(param, "empty_file", "The file is empty: expected at least one byte.");
        }
        if (!purpose.equals("fine-tune")) {
            return;
        }
        ValidationReport report;
        try (InputStream in = blob.input()) {
            report = DatasetValidator.checkJsonl(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read back the uploaded file: " + e.getMessage(), e);
        }
        if (!report.ok()) {
            DatasetProblem p = report.firstProblem().orElseThrow();
            throw ApiException.badRequest(param, p.code(), "Expected file to have JSONL format, where every line"
                    + " is a valid JSON dictionary. " + p.message()
                    + (p.line() > 0 ? " (line " + p.line() + ")" : ""));
        }
    }

    /** Publishes a checked blob as a new file of {@code org}. */
    public FileRecord publish(TempBlob blob, String org, String filename, String purpose, long bytes,
                              Long expiresAt) {
        return publish(blob, org, filename, purpose, bytes, expiresAt, (c, f) -> { });
    }

    /** Extra work done in the transaction that records a new file. */
    @FunctionalInterface
    public interface AlsoInTransaction {
        void run(Connection c, FileRecord f) throws SQLException;
    }

    /**
     * Publishes a checked blob as a new file of {@code org}, running {@code also} in the same transaction
     * (an upload marks itself completed there, so the file and the upload's state change together).
     */
    public FileRecord publish(TempBlob blob, String org, String filename, String purpose, long bytes,
                              Long expiresAt, AlsoInTransaction also) {
        FileRecord f = new FileRecord(Ids.next(Ids.FILE), org, now(), bytes, filename, purpose, "processed",
                expiresAt);
        blobs.commit(blob, f.id());
        try {
            db.transaction("record file " + f.id(), c -> {
                FileDao.insert(c, f);
                also.run(c, f);
                return null;
            });
        } catch (RuntimeException e) {
            blobs.delete(f.id());
            throw e;
        }
        return f;
    }

    /** The file, or 404. */
    public FileRecord get(String org, String id) {
        return db.read("read file " + id, c -> FileDao.find(c, org, id))
                .orElseThrow(() -> ApiException.notFound("id", null, "No such File object: " + id));
    }

    /** The file, or null when {@code org} has none with that id. */
    public FileRecord find(String org, String id) {
        return db.read("read file " + id, c -> FileDao.find(c, org, id)).orElse(null);
    }

    public Page<FileRecord> list(String org, String purpose, boolean ascending, String after, int limit) {
        return Page.of(db.read("list files", c -> FileDao.list(c, org, purpose, ascending, after, limit + 1)),
                limit);
    }

    /** Deletes the file (row first, so it vanishes atomically, then its blob), or 404. */
    public void delete(String org, String id) {
        boolean deleted = db.transaction("delete file " + id, c -> FileDao.delete(c, org, id));
        if (!deleted) {
            throw ApiException.notFound("id", null, "No such File object: " + id);
        }
        blobs.delete(id);
    }

    /** The file's bytes. */
    public InputStream content(FileRecord f) {
        return blobs.open(f.id());
    }

    /** A temporary blob to write a new file into. */
    public TempBlob temp() {
        return blobs.temp();
    }

    /** Now, in Unix seconds. */
    public static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
