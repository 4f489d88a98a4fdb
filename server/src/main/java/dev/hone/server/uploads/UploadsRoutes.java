package dev.hone.server.uploads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.files.FileCatalog;
import dev.hone.server.files.FileObject;
import dev.hone.server.files.FileRecord;
import dev.hone.server.http.ApiException;
import dev.hone.server.http.Auth;
import dev.hone.server.http.Json;
import dev.hone.server.http.MultipartReader;
import dev.hone.server.http.MultipartReader.Part;
import dev.hone.server.http.Params;
import dev.hone.server.store.BlobStore;
import dev.hone.server.store.BlobStore.TempBlob;
import dev.hone.server.store.Database;
import dev.hone.server.store.Ids;
import dev.hone.server.store.UploadDao;
import dev.hone.server.uploads.UploadObject.PartObject;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/uploads}: create, add part (multipart {@code data}, at most 64 MB, streamed to its own blob),
 * complete (parts concatenated in the given order into a new file, total and optional MD5 checked, then
 * the same content checks and atomic publish as {@code POST /files}), cancel (reference §1.4). An upload
 * lives one hour and holds at most 8 GB.
 */
public final class UploadsRoutes implements HttpService {
    public static final long MAX_PART_BYTES = 64L * 1024 * 1024;
    public static final long MAX_UPLOAD_BYTES = 8L * 1024 * 1024 * 1024;
    private static final Set<String> PURPOSES = Set.of("assistants", "batch", "fine-tune", "vision");

    private final Database db;
    private final BlobStore blobs;
    private final FileCatalog files;

    public UploadsRoutes(Database db, BlobStore blobs, FileCatalog files) {
        this.db = db;
        this.blobs = blobs;
        this.files = files;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .post("/{id}/parts", this::addPart)
                .post("/{id}/complete", this::complete)
                .post("/{id}/cancel", this::cancel);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.readObject(req);
        Params.onlyKnown(body, "", Set.of("filename", "purpose", "bytes", "mime_type", "expires_after"));
        String filename = Params.requiredString(body, "", "filename");
        String purpose = Params.requiredString(body, "", "purpose");
        if (Params.absent(body, "bytes")) {
            throw ApiException.badRequest("bytes", "missing_required_parameter", "Missing required parameter: 'bytes'.");
        }
        long bytes = Params.integer(body, "", "bytes", 1, MAX_UPLOAD_BYTES);
        String mimeType = Params.requiredString(body, "", "mime_type");
        FileCatalog.checkPurpose(purpose, "purpose", PURPOSES);
        FileCatalog.checkFilename(filename, purpose, "filename");
        Long ttl = null;
        ObjectNode expires = Params.object(body, "", "expires_after");
        if (expires != null) {
            String anchor = Params.requiredString(expires, "expires_after.", "anchor");
            if (!anchor.equals("created_at")) {
                throw ApiException.badRequest("expires_after.anchor", "invalid_value",
                        "Invalid 'expires_after.anchor': expected 'created_at'; found '" + anchor + "'.");
            }
            ttl = Params.integer(expires, "expires_after.", "seconds", 3600, 2_592_000);
        }
        long now = FileCatalog.now();
        Upload u = new Upload(Ids.next(Ids.UPLOAD), Auth.org(req), now, now + 3600, filename, purpose, bytes, mimeType,
                "pending", null, ttl);
        db.transaction("create upload", c -> {
            UploadDao.insert(c, u);
            return null;
        });
        Json.send(res, UploadObject.of(u, null, now));
    }

    private Upload pending(ServerRequest req, String action) {
        String id = req.path().pathParameters().get("id");
        Upload u = db.read("read upload " + id, c -> UploadDao.find(c, Auth.org(req), id))
                .orElseThrow(() -> ApiException.notFound("upload_id", null, "No such Upload object: " + id));
        String status = u.shownStatus(FileCatalog.now());
        if (!status.equals("pending")) {
            throw ApiException.badRequest("upload_id", "invalid_upload_state", "Cannot " + action + " upload " + id
                    + ": it is " + status + "; only a pending upload (less than an hour old) accepts that.");
        }
        return u;
    }

    private void addPart(ServerRequest req, ServerResponse res) throws IOException {
        Upload u = pending(req, "add a part to");
        MultipartReader form = MultipartReader.of(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                req.content().inputStream());
        String partId = Ids.next(Ids.PART);
        long size = -1;
        try (TempBlob blob = blobs.temp()) {
            for (Part p = form.next(); p != null; p = form.next()) {
                if (p.name().equals("data") && size < 0) {
                    size = copy(p.body(), blob, MAX_PART_BYTES);
                } else {
                    p.body().transferTo(OutputStream.nullOutputStream());
                }
            }
            if (size < 0) {
                throw ApiException.badRequest("data", "missing_required_parameter",
                        "Missing required parameter: 'data'. Send the part's bytes as a multipart field named 'data'.");
            }
            blobs.commit(blob, partId);
        }
        long now = FileCatalog.now();
        long partSize = size;
        db.transaction("record part " + partId, c -> {
            UploadDao.insertPart(c, partId, u.id(), now, partSize);
            return null;
        });
        Json.send(res, new PartObject(partId, "upload.part", now, u.id()));
    }

    private static long copy(InputStream in, TempBlob blob, long max) throws IOException {
        long total = 0;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = blob.output()) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                total += n;
                if (total > max) {
                    throw ApiException.badRequest("data", "part_too_large", "An upload part holds at most " + max
                            + " bytes (64 MB); split the file into more parts.");
                }
                out.write(chunk, 0, n);
            }
        }
        return total;
    }

    private void complete(ServerRequest req, ServerResponse res) throws IOException {
        Upload u = pending(req, "complete");
        ObjectNode body = Json.readObject(req);
        Params.onlyKnown(body, "", Set.of("part_ids", "md5"));
        List<String> ids = partIds(body);
        String md5 = Params.string(body, "", "md5");
        Map<String, Long> parts = db.read("read parts", c -> UploadDao.parts(c, u.id()));
        long total = 0;
        for (String id : ids) {
            Long size = parts.get(id);
            if (size == null) {
                throw ApiException.badRequest("part_ids", "invalid_value", "Part " + id + " does not belong to upload "
                        + u.id() + ".");
            }
            total += size;
        }
        if (total != u.bytes()) {
            throw ApiException.badRequest("part_ids", "invalid_value", "The parts hold " + total + " bytes but the"
                    + " upload was created with bytes=" + u.bytes() + "; send every part, in order.");
        }
        try (TempBlob blob = blobs.temp()) {
            String digest = concatenate(ids, blob);
            if (md5 != null && !md5.equalsIgnoreCase(digest)) {
                throw ApiException.badRequest("md5", "checksum_mismatch", "The parts' MD5 is " + digest
                        + " but the request says " + md5 + ".");
            }
            files.checkContent(blob, total, u.purpose(), "part_ids");
            Long expiresAt = u.fileTtl() == null ? null : FileCatalog.now() + u.fileTtl();
            FileRecord f = files.publish(blob, u.org(), u.filename(), u.purpose(), total, expiresAt, (c, file) -> {
                if (!UploadDao.finish(c, u.id(), "completed", file.id())) {
                    throw ApiException.badRequest("upload_id", "invalid_upload_state", "Upload " + u.id()
                            + " was cancelled or completed meanwhile.");
                }
            });
            deleteParts(parts.keySet());
            Upload done = new Upload(u.id(), u.org(), u.createdAt(), u.expiresAt(), u.filename(), u.purpose(),
                    u.bytes(), u.mimeType(), "completed", f.id(), u.fileTtl());
            Json.send(res, UploadObject.of(done, FileObject.of(f), FileCatalog.now()));
        }
    }

    private static List<String> partIds(ObjectNode body) {
        JsonNode v = body.get("part_ids");
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("part_ids", "missing_required_parameter", "Missing required parameter:"
                    + " 'part_ids'.");
        }
        if (!v.isArray() || v.isEmpty()) {
            throw ApiException.badRequest("part_ids", "invalid_value", "'part_ids' must be a non-empty array of"
                    + " part ids, in file order.");
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode n : v) {
            if (!n.isTextual() || !seen.add(n.textValue())) {
                throw ApiException.badRequest("part_ids", "invalid_value", "'part_ids' must list distinct part id"
                        + " strings; found " + n + ".");
            }
            ids.add(n.textValue());
        }
        return ids;
    }

    private String concatenate(List<String> ids, TempBlob blob) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5", e);
        }
        try (OutputStream out = new DigestOutputStream(blob.output(), md5)) {
            for (String id : ids) {
                try (InputStream in = blobs.open(id)) {
                    in.transferTo(out);
                }
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private void deleteParts(Iterable<String> ids) {
        for (String id : ids) {
            blobs.delete(id);
        }
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Upload u = pending(req, "cancel");
        if (!db.transaction("cancel upload", c -> UploadDao.finish(c, u.id(), "cancelled", null))) {
            throw ApiException.badRequest("upload_id", "invalid_upload_state", "Upload " + u.id()
                    + " was completed or cancelled meanwhile.");
        }
        deleteParts(db.read("read parts", c -> UploadDao.parts(c, u.id())).keySet());
        Upload done = new Upload(u.id(), u.org(), u.createdAt(), u.expiresAt(), u.filename(), u.purpose(), u.bytes(),
                u.mimeType(), "cancelled", null, u.fileTtl());
        Json.send(res, UploadObject.of(done, null, FileCatalog.now()));
    }
}
