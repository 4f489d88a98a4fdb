package dev.hone.server.uploads;

/**
 * A multi-part upload (domain type).
 *
 * @param status  {@code pending}, {@code completed} or {@code cancelled} as stored; {@link #shownStatus}
 *                adds {@code expired}
 * @param fileId  the file it became, once completed
 * @param fileTtl seconds the resulting file lives ({@code expires_after}), or null
 */
public record Upload(String id, String org, long createdAt, long expiresAt, String filename, String purpose, long bytes,
                     String mimeType, String status, String fileId, Long fileTtl) {
    /** The status a client sees at {@code now}: a pending upload past its expiry is {@code expired}. */
    public String shownStatus(long now) {
        return status.equals("pending") && now >= expiresAt ? "expired" : status;
    }
}
