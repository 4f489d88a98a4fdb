package dev.hone.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built multipart/form-data bodies, for requests the SDK would never send. */
public final class Multipart {
    public static final String BOUNDARY = "hone-test-boundary-7d1f";
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A text field. */
    public Multipart field(String name, String value) {
        head("form-data; name=\"" + name + "\"", null);
        write(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A file field; {@code filename} may be null (no filename directive). */
    public Multipart file(String name, String filename, byte[] content) {
        head("form-data; name=\"" + name + "\"" + (filename == null ? "" : "; filename=\"" + filename + "\""),
                "application/octet-stream");
        write(content);
        return this;
    }

    /** The finished body. */
    public byte[] build() {
        write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private void head(String disposition, String type) {
        String h = (out.size() == 0 ? "" : "\r\n") + "--" + BOUNDARY + "\r\nContent-Disposition: " + disposition
                + "\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
        write(h.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void write(byte[] b) {
        out.write(b, 0, b.length);
    }
}
