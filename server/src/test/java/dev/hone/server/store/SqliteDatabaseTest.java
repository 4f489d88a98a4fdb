package dev.hone.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hone.server.files.FileRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

class SqliteDatabaseTest {
    @TempDir
    Path dir;

    static int schemaRows(Database db) {
        return db.read("count", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void migrationsApplyOnceAndDataSurvivesReopen() {
        Path file = dir.resolve("hone.db");
        FileRecord f = new FileRecord(Ids.next(Ids.FILE), "org-a", 1, 2, "t.jsonl", "fine-tune", "processed", null);
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertEquals(Migrations.FILES.size(), schemaRows(db));
            db.transaction("insert", c -> {
                FileDao.insert(c, f);
                return null;
            });
        }
        try (SqliteDatabase db = SqliteDatabase.open(file)) {
            assertEquals(Migrations.FILES.size(), schemaRows(db));
            assertEquals(f, db.read("find", c -> FileDao.find(c, "org-a", f.id())).orElseThrow());
            assertTrue(db.read("find", c -> FileDao.find(c, "org-b", f.id())).isEmpty());
        }
    }

    @Test
    void aFailedTransactionLeavesNothing() {
        try (SqliteDatabase db = SqliteDatabase.inMemory()) {
            FileRecord f = new FileRecord("file-x", "org-a", 1, 2, "t.jsonl", "fine-tune", "processed", 5L);
            assertThrows(IllegalStateException.class, () -> db.transaction("insert then fail", c -> {
                FileDao.insert(c, f);
                throw new IllegalStateException("boom");
            }));
            assertTrue(db.read("find", c -> FileDao.find(c, "org-a", "file-x")).isEmpty());
            assertThrows(StoreException.class, () -> db.transaction("insert twice", c -> {
                FileDao.insert(c, f);
                FileDao.insert(c, f);
                return null;
            }));
            assertTrue(db.read("find", c -> FileDao.find(c, "org-a", "file-x")).isEmpty());
        }
    }
}
