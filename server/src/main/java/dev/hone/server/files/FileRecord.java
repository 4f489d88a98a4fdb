package dev.hone.server.files;

/**
 * A stored file (domain type; the wire form is {@link FileObject}).
 *
 * @param expiresAt Unix seconds, or null when the file does not expire
 */
public record FileRecord(String id, String org, long createdAt, long bytes, String filename, String purpose,
                         String status, Long expiresAt) {
}
