package dev.hone.server.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.server.Datasets;
import dev.hone.server.TestServer;
import dev.hone.server.files.FileRecord;
import dev.hone.server.store.BlobStore;
import dev.hone.server.store.BlobStore.TempBlob;
import dev.hone.server.store.FileDao;
import dev.hone.server.store.Ids;
import dev.hone.server.store.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A job left in {@code validating_files} by a stopped server (here: written straight into its home) is
 * validated when the next server starts, without any new request to wake the validator.
 */
class ValidationAfterRestartTest {
    @TempDir
    Path home;

    @Test
    void leftoverValidatingJobsAreValidatedOnStart() throws Exception {
        String fileId = Ids.next(Ids.FILE);
        String good = Ids.next(Ids.JOB);
        String bad = Ids.next(Ids.JOB);
        byte[] data = Datasets.chat(10).getBytes(StandardCharsets.UTF_8);
        try (SqliteDatabase db = SqliteDatabase.open(home.resolve("hone.db"))) {
            BlobStore blobs = BlobStore.open(home);
            try (TempBlob blob = blobs.temp()) {
                try (OutputStream out = blob.output()) {
                    out.write(data);
                }
                blobs.commit(blob, fileId);
            }
            db.transaction("file", c -> {
                FileDao.insert(c, new FileRecord(fileId, "org-a", 1, data.length, "t.jsonl", "fine-tune",
                        "processed", null));
                return null;
            });
            JobStateMachine machine = new JobStateMachine(db);
            machine.create(job(good, "supervised", fileId), List.of());
            machine.create(job(bad, "dpo", fileId), List.of());
        }
        try (TestServer server = TestServer.start(home)) {
            assertEquals("queued", awaitValidated(server, good));
            assertEquals("failed", awaitValidated(server, bad));
        }
    }

    static Job job(String id, String type, String fileId) {
        ObjectNode method = JsonNodeFactory.instance.objectNode().put("type", type);
        ObjectNode hp = method.putObject(type).putObject("hyperparameters");
        for (String k : List.of("batch_size", "learning_rate_multiplier", "n_epochs")) {
            hp.put(k, "auto");
        }
        return new Job(id, "org-a", 1, "gpt-4o-mini-2024-07-18", JobStatus.VALIDATING_FILES, fileId, null, 1, null,
                method, JsonNodeFactory.instance.arrayNode(), null, null, null, null, null, List.of(), null);
    }

    static String awaitValidated(TestServer server, String id) throws Exception {
        for (int i = 0; i < 600; i++) {
            var r = server.raw("GET", "/fine_tuning/jobs/" + id, null, null, TestServer.KEY_A);
            String status = Datasets.MAPPER.readTree(r.body()).get("status").asText();
            if (!status.equals("validating_files")) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " was never validated");
    }
}
