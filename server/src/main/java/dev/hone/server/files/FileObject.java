package dev.hone.server.files;

/** The OpenAI {@code file} object (reference §1.2); {@code status} is always present (SDKs require it). */
public record FileObject(String id, String object, long bytes, long createdAt, Long expiresAt, String filename,
                         String purpose, String status, String statusDetails) {
    public static FileObject of(FileRecord f) {
        return new FileObject(f.id(), "file", f.bytes(), f.createdAt(), f.expiresAt(), f.filename(), f.purpose(),
                f.status(), null);
    }

    /** The body of {@code DELETE /files/{id}}. */
    public record Deleted(String id, String object, boolean deleted) {
    }
}
