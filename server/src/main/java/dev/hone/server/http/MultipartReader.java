package dev.hone.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578): parts are handed out one at a time as
 * input streams over the request body, with a fixed 64 KB buffer, so a 512 MB upload never sits in
 * memory. Our own because Helidon's multipart media module does not resolve at 4.5.0 here. Not a
 * general MIME parser: no nested multiparts, no transfer encodings other than binary.
 */
public final class MultipartReader {
    private static final int MAX_HEADER_LINE = 8192;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"([^\"]+)\"|[^;\\s]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PARAM = Pattern.compile(";\\s*([a-zA-Z*]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]*)");

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean done;
    private PartBody open;

    private MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first boundary has no CRLF before it: pretend one was there.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** One form field. {@code filename} is null when the part has none. */
    public record Part(String name, String filename, String contentType, InputStream body) {
        /** The body as UTF-8 text, at most {@code max} bytes. */
        public String text(int max) throws IOException {
            byte[] b = body.readNBytes(max + 1);
            if (b.length > max) {
                throw ApiException.badRequest(name, "Form field '" + name + "' is longer than " + max + " bytes.");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /**
     * A reader over {@code body}.
     *
     * @throws ApiException 400 when the content type is not multipart/form-data with a boundary
     */
    public static MultipartReader of(String contentType, InputStream body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiException.badRequest(null, "Expected a multipart/form-data body; found Content-Type "
                    + (contentType == null ? "none" : contentType) + ".");
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw ApiException.badRequest(null, "The multipart Content-Type has no boundary parameter.");
        }
        String boundary = m.group(2) != null ? m.group(2) : m.group(1);
        if (boundary.isEmpty() || boundary.length() > 200) {
            throw ApiException.badRequest(null, "The multipart boundary must be 1 to 200 characters long.");
        }
        return new MultipartReader(body, boundary);
    }

    /** The next part, or null after the closing boundary. Skips what is left of the previous part. */
    public Part next() throws IOException {
        if (done) {
            return null;
        }
        if (open != null) {
            open.skipToEnd();
        } else {
            skipPreamble();
        }
        open = null;
        ensure(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            done = true;
            return null;
        }
        readLine(); // rest of the boundary line (transport padding)
        String name = null;
        String filename = null;
        String type = null;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw malformed("a part header without ':'");
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                Matcher m = PARAM.matcher(value);
                while (m.find()) {
                    String v = m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(2);
                    switch (m.group(1).toLowerCase(Locale.ROOT)) {
                        case "name" -> name = v;
                        case "filename" -> filename = v;
                        default -> { }
                    }
                }
            } else if (header.equals("content-type")) {
                type = value;
            }
        }
        if (name == null) {
            throw malformed("a part without a Content-Disposition name");
        }
        open = new PartBody();
        return new Part(name, filename, type, open);
    }

    private void skipPreamble() throws IOException {
        PartBody preamble = new PartBody();
        preamble.skipToEnd();
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            ensure(2);
            if (lim - pos < 2) {
                throw malformed("the body ended inside part headers");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return sb.toString();
            }
            sb.append((char) (buf[pos++] & 0xff));
            if (sb.length() > MAX_HEADER_LINE) {
                throw malformed("a part header line longer than " + MAX_HEADER_LINE + " bytes");
            }
        }
    }

    /** Fills the buffer until at least {@code n} unread bytes are there or the input ends. */
    private void ensure(int n) throws IOException {
        if (lim - pos >= n || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim - pos < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
    }

    private int indexOfDelimiter() {
        int last = lim - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (buf[i] != delimiter[0]) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static ApiException malformed(String what) {
        return ApiException.badRequest(null, "Malformed multipart body: " + what + ".");
    }

    /** The bytes of one part, up to the next delimiter. */
    private final class PartBody extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            ensure(delimiter.length + 1);
            int at = indexOfDelimiter();
            int available;
            if (at == pos) {
                pos += delimiter.length;
                ended = true;
                return -1;
            } else if (at > pos) {
                available = at - pos;
            } else if (eof) {
                throw malformed("the body ended before the closing boundary");
            } else {
                available = lim - pos - (delimiter.length - 1);
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skipToEnd() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }
}
