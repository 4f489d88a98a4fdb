package dev.hone.server.uploads;

import dev.hone.server.files.FileObject;

/** The OpenAI {@code upload} object (reference §1.4); {@code file} is set once completed. */
public record UploadObject(String id, String object, long bytes, long createdAt, String filename, String purpose,
                           String status, long expiresAt, FileObject file) {
    public static UploadObject of(Upload u, FileObject file, long now) {
        return new UploadObject(u.id(), "upload", u.bytes(), u.createdAt(), u.filename(), u.purpose(),
                u.shownStatus(now), u.expiresAt(), file);
    }

    /** The {@code upload.part} object. */
    public record PartObject(String id, String object, long createdAt, String uploadId) {
    }
}
