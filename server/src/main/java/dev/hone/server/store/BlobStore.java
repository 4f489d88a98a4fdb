package dev.hone.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Blobs (file contents, upload parts) in a local directory: {@code blobs/KEY} for committed blobs and
 * {@code tmp/} for blobs being written. A blob is written to a temporary file and renamed into place
 * atomically once complete, so no half-written blob is ever visible; leftovers of a crash in
 * {@code tmp/} are removed on open. Keys are generated ids, never user-supplied names.
 */
public final class BlobStore {
    private final Path blobs;
    private final Path tmp;

    private BlobStore(Path blobs, Path tmp) {
        this.blobs = blobs;
        this.tmp = tmp;
    }

    /** Opens the store under {@code root}, creating it and clearing unfinished temporary blobs. */
    public static BlobStore open(Path root) {
        Path blobs = root.resolve("blobs");
        Path tmp = root.resolve("tmp");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(tmp);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
                for (Path p : leftovers) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new StoreException("Cannot open the blob store at " + root + ": " + e.getMessage()
                    + ". Check that HONE_HOME is writable.", e);
        }
        return new BlobStore(blobs, tmp);
    }

    /** A blob being written; deleted on {@link TempBlob#close()} unless committed. */
    public TempBlob temp() {
        try {
            return new TempBlob(Files.createTempFile(tmp, "blob-", ".part"));
        } catch (IOException e) {
            throw new StoreException("Cannot create a temporary blob in " + tmp + ": " + e.getMessage(), e);
        }
    }

    /** Moves a finished temporary blob to {@code key} atomically. */
    public void commit(TempBlob blob, String key) {
        Path target = path(key);
        try {
            try (FileChannel ch = FileChannel.open(blob.path, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(blob.path, target, StandardCopyOption.ATOMIC_MOVE);
            blob.committed = true;
        } catch (AtomicMoveNotSupportedException e) {
            throw new StoreException("The blob store needs atomic renames inside " + blobs.getParent()
                    + "; it is on a file system that has none.", e);
        } catch (IOException e) {
            throw new StoreException("Cannot commit blob " + key + ": " + e.getMessage(), e);
        }
    }

    /** Opens a committed blob for reading. */
    public InputStream open(String key) {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException e) {
            throw new StoreException("Blob " + key + " is missing from " + blobs
                    + ": the data directory was changed outside Hone.", e);
        } catch (IOException e) {
            throw new StoreException("Cannot read blob " + key + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a committed blob if it exists. */
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new StoreException("Cannot delete blob " + key + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code key} is committed. */
    public boolean exists(String key) {
        return Files.exists(path(key));
    }

    private Path path(String key) {
        if (!key.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("Blob keys are generated ids; found '" + key + "'.");
        }
        return blobs.resolve(key);
    }

    /** A temporary blob: write through {@link #output()}, then {@link BlobStore#commit} or close to discard. */
    public static final class TempBlob implements AutoCloseable {
        private final Path path;
        private boolean committed;

        private TempBlob(Path path) {
            this.path = path;
        }

        /** A fresh output stream over the blob (truncating it). */
        public OutputStream output() throws IOException {
            return Files.newOutputStream(path);
        }

        /** Reads back what was written. */
        public InputStream input() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Left in tmp/, which is cleared on the next open.
                }
            }
        }
    }
}
