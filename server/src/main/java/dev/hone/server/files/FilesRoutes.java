package dev.hone.server.files;

import dev.hone.server.http.ApiException;
import dev.hone.server.http.Auth;
import dev.hone.server.http.Json;
import dev.hone.server.http.MultipartReader;
import dev.hone.server.http.MultipartReader.Part;
import dev.hone.server.http.Paging;
import dev.hone.server.http.Paging.ListBody;
import dev.hone.server.http.Paging.Page;
import dev.hone.server.store.BlobStore.TempBlob;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * {@code /v1/files}: upload (streamed multipart into a temporary blob, checked, then published),
 * list, retrieve, content and delete (reference §1).
 */
public final class FilesRoutes implements HttpService {
    private final FileCatalog files;

    public FilesRoutes(FileCatalog files) {
        this.files = files;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::upload)
                .get("/", this::list)
                .get("/{id}", this::retrieve)
                .get("/{id}/content", this::content)
                .delete("/{id}", this::delete);
    }

    private void upload(ServerRequest req, ServerResponse res) throws IOException {
        String org = Auth.org(req);
        MultipartReader form = MultipartReader.of(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                req.content().inputStream());
        TempBlob blob = null;
        try {
            Upload u = new Upload();
            for (Part p = form.next(); p != null; p = form.next()) {
                if (p.name().equals("file")) {
                    if (blob != null) {
                        throw ApiException.badRequest("file", "Expected one 'file' part; found several.");
                    }
                    blob = files.temp();
                    u.bytes = copy(p.body(), blob, FileCatalog.MAX_FILE_BYTES);
                    u.filename = p.filename();
                } else {
                    u.field(p);
                }
            }
            if (blob == null) {
                throw ApiException.badRequest("file", "missing_required_parameter",
                        "Missing required parameter: 'file'. Send the file as a multipart part named 'file'.");
            }
            FileCatalog.checkPurpose(u.purpose, "purpose", FileCatalog.UPLOAD_PURPOSES);
            String filename = u.filename != null ? u.filename
                    : u.purpose.equals("fine-tune") ? "upload.jsonl" : "upload";
            FileCatalog.checkFilename(filename, u.purpose, "file");
            files.checkContent(blob, u.bytes, u.purpose, "file");
            Long expiresAt = u.expiresSeconds == null ? null : FileCatalog.now() + u.expiresSeconds;
            Json.send(res, FileObject.of(files.publish(blob, org, filename, u.purpose, u.bytes, expiresAt)));
        } finally {
            if (blob != null) {
                blob.close();
            }
        }
    }

    /** Copies a part into a blob, failing with 400 past {@code max} bytes. */
    static long copy(InputStream in, TempBlob blob, long max) throws IOException {
        long total = 0;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = blob.output()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                total += n;
                if (total > max) {
                    throw ApiException.badRequest("file", "file_too_large", "The file is larger than " + max
                            + " bytes (" + (max >> 20) + " MB), the most this endpoint accepts; use the Uploads API.");
                }
                out.write(chunk, 0, n);
            }
        }
        return total;
    }

    /** The non-file form fields of an upload. */
    private static final class Upload {
        String purpose;
        String filename;
        long bytes;
        Long expiresSeconds;
        String anchor;

        void field(Part p) throws IOException {
            switch (p.name()) {
                case "purpose" -> purpose = p.text(64).trim();
                case "expires_after[anchor]" -> {
                    anchor = p.text(64).trim();
                    if (!anchor.equals("created_at")) {
                        throw ApiException.badRequest("expires_after[anchor]", "invalid_value",
                                "Invalid 'expires_after[anchor]': expected 'created_at'; found '" + anchor + "'.");
                    }
                }
                case "expires_after[seconds]" -> expiresSeconds = seconds(p.text(32).trim());
                default -> p.body().transferTo(OutputStream.nullOutputStream());
            }
        }

        private static long seconds(String v) {
            try {
                long s = Long.parseLong(v);
                if (s >= 3600 && s <= 2_592_000) {
                    return s;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ApiException.badRequest("expires_after[seconds]", "invalid_value",
                    "Invalid 'expires_after[seconds]': expected an integer from 3600 to 2592000; found '" + v + "'.");
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        String order = req.query().first("order").orElse("desc").toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.badRequest("order", "invalid_value", "Invalid 'order': expected 'asc' or 'desc';"
                    + " found '" + order + "'.");
        }
        String purpose = req.query().first("purpose").filter(s -> !s.isBlank()).orElse(null);
        Page<FileRecord> page = files.list(Auth.org(req), purpose, order.equals("asc"), Paging.after(req),
                Paging.limit(req, 10_000, 10_000));
        Json.send(res, ListBody.ofRequiredCursors(page.items().stream().map(FileObject::of).toList(), page.hasMore(),
                FileObject::id));
    }

    private void retrieve(ServerRequest req, ServerResponse res) {
        Json.send(res, FileObject.of(files.get(Auth.org(req), req.path().pathParameters().get("id"))));
    }

    private void content(ServerRequest req, ServerResponse res) throws IOException {
        FileRecord f = files.get(Auth.org(req), req.path().pathParameters().get("id"));
        try (InputStream in = files.content(f)) {
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\""
                    + f.filename().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(f.bytes()));
            try (OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        files.delete(Auth.org(req), id);
        Json.send(res, new FileObject.Deleted(id, "file", true));
    }
}
