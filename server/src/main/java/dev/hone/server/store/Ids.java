package dev.hone.server.store;

import java.security.SecureRandom;

/** Object ids: a prefix from the reference ({@code file-}, {@code ftjob-}, ...) and 24 random alphanumerics. */
public final class Ids {
    public static final String FILE = "file-";
    public static final String JOB = "ftjob-";
    public static final String EVENT = "ftevent-";
    public static final String CHECKPOINT = "ftckpt_";
    public static final String UPLOAD = "upload_";
    public static final String PART = "part_";

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new id with {@code prefix}. */
    public static String next(String prefix) {
        return prefix + random(24);
    }

    /** {@code n} random alphanumerics. */
    public static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
