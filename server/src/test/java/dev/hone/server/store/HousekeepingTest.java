package dev.hone.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.server.files.FileRecord;
import dev.hone.server.store.BlobStore.TempBlob;
import dev.hone.server.uploads.Upload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Path;

class HousekeepingTest {
    @TempDir
    Path home;

    static void blob(BlobStore blobs, String key) throws Exception {
        try (TempBlob b = blobs.temp()) {
            try (OutputStream out = b.output()) {
                out.write(new byte[] {1, 2, 3});
            }
            blobs.commit(b, key);
        }
    }

    @Test
    void expiredFilesAndUploadPartsAreReclaimedLiveOnesKept() throws Exception {
        BlobStore blobs = BlobStore.open(home);
        long now = System.currentTimeMillis() / 1000;
        try (SqliteDatabase db = SqliteDatabase.inMemory()) {
            for (String id : new String[] {"file-old", "file-live", "part_old", "part_live"}) {
                blob(blobs, id);
            }
            db.transaction("seed", c -> {
                FileDao.insert(c, new FileRecord("file-old", "o", 1, 3, "a.jsonl", "batch", "processed", now - 5));
                FileDao.insert(c, new FileRecord("file-live", "o", 1, 3, "b.jsonl", "batch", "processed", now + 3600));
                UploadDao.insert(c, new Upload("upload_old", "o", now - 7200, now - 3600, "x", "batch", 3, "t",
                        "pending", null, null));
                UploadDao.insert(c, new Upload("upload_live", "o", now, now + 3600, "y", "batch", 3, "t", "pending",
                        null, null));
                UploadDao.insertPart(c, "part_old", "upload_old", now - 7000, 3);
                UploadDao.insertPart(c, "part_live", "upload_live", now, 3);
                return null;
            });
            assertEquals(2, new Housekeeping(db, blobs).sweep());
            assertFalse(blobs.exists("file-old"));
            assertFalse(blobs.exists("part_old"));
            assertTrue(blobs.exists("file-live"));
            assertTrue(blobs.exists("part_live"));
            assertEquals("expired", db.read("r", c -> UploadDao.find(c, "o", "upload_old")).orElseThrow().status());
            assertEquals("pending", db.read("r", c -> UploadDao.find(c, "o", "upload_live")).orElseThrow().status());
            assertEquals(0, new Housekeeping(db, blobs).sweep());
        }
    }
}
