package dev.hone.server.integrations.wandb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.LongStream;

/**
 * {@link WandbRun} against {@link FakeWandb} on loopback: the run it creates, one history row per step in
 * order, no duplicate across a pause/resume and a crash/resume, completion codes, retries, the unreachable
 * server, and the key sent only as HTTP basic auth, never in a report or a log line.
 */
class WandbRunTest {
    static final String KEY = "0123456789abcdef0123456789abcdef01234567";
    static final Duration LIMIT = Duration.ofSeconds(20);
    static final WandbRun.Settings FAST = new WandbRun.Settings(1000, 100, Duration.ZERO, 3, Duration.ofMillis(5),
            Duration.ofMillis(20));

    FakeWandb wandb;
    final List<WandbCursor> cursors = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final WandbRun.Listener listener = new WandbRun.Listener() {
        @Override
        public void sent(WandbCursor cursor) {
            cursors.add(cursor);
        }

        @Override
        public void failed(String reason) {
            failures.add(reason);
        }
    };

    @BeforeEach
    void start() throws Exception {
        wandb = new FakeWandb();
    }

    @AfterEach
    void stop() {
        wandb.close();
    }

    static WandbRunSpec spec() {
        ObjectNode config = FakeWandb.JSON.createObjectNode();
        config.put("seed", 42).put("n_epochs", 3).put("training_file", "file-abc");
        JsonNode w = FakeWandb.read("{\"project\":\"proj\",\"entity\":\"team\",\"name\":\"my run\",\"tags\":[\"a\",\"b\"]}");
        return WandbRunSpec.forJob(w, "ftjob-xyz", "gpt2-small", config);
    }

    WandbRun run(URI url, WandbCursor from) {
        return WandbRun.start(new WandbClient(url, KEY, Duration.ofSeconds(5)), spec(), from, FAST, listener);
    }

    static ObjectNode metrics(long step) {
        return FakeWandb.JSON.createObjectNode().put("train_loss", 10.0 / step).put("train_mean_token_accuracy",
                step / 100.0);
    }

    static void log(WandbRun run, long from, long to) {
        for (long s = from; s <= to; s++) {
            run.log(s, metrics(s));
        }
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void createsTheRunAndSendsOneRowPerStepThenCompletes() throws Exception {
        WandbRun run = run(wandb.url(), WandbCursor.START);
        log(run, 1, 7);
        run.finish(0);
        assertTrue(run.await(LIMIT));

        assertEquals(1, wandb.upserts.size());
        JsonNode v = wandb.upserts.getFirst();
        assertEquals("proj", v.get("project").asText());
        assertEquals("team", v.get("entity").asText());
        assertEquals("ftjob-xyz", v.get("name").asText(), "the run id is the job id, so a resume finds it");
        assertEquals("my run", v.get("displayName").asText());
        List<String> tags = new ArrayList<>();
        v.get("tags").forEach(t -> tags.add(t.asText()));
        assertEquals(List.of("a", "b", "hone/finetune", "hone/gpt2-small", "hone/ftjob-xyz"), tags);
        JsonNode config = FakeWandb.read(v.get("config").asText());
        assertEquals(42, config.get("seed").get("value").asInt());
        assertEquals("file-abc", config.get("training_file").get("value").asText());

        String path = "team/proj/ftjob-xyz";
        assertEquals(range(1, 7), wandb.steps(path));
        assertEquals(range(1, 7), wandb.postedSteps(), "each step posted once");
        JsonNode row = FakeWandb.read(wandb.history.get(path).get(2));
        assertEquals(10.0 / 3, row.get("train_loss").asDouble());
        assertEquals(0.03, row.get("train_mean_token_accuracy").asDouble());
        assertEquals(7, wandb.summaries.get(path).get("_step").asLong());
        assertEquals(List.of(0), wandb.completions.get(path));
        assertEquals(new WandbCursor(7, 7), cursors.getLast());
        assertTrue(failures.isEmpty(), failures.toString());
        assertFalse(run.failed());
    }

    @Test
    void theKeyIsSentOnlyAsBasicAuth() throws Exception {
        WandbRun run = run(wandb.url(), WandbCursor.START);
        log(run, 1, 3);
        run.finish(0);
        assertTrue(run.await(LIMIT));
        String expected = "Basic " + Base64.getEncoder().encodeToString(("api:" + KEY).getBytes(StandardCharsets.UTF_8));
        List<FakeWandb.Request> requests = wandb.requests();
        assertTrue(requests.size() >= 3, requests.toString());
        for (FakeWandb.Request r : requests) {
            assertEquals("POST", r.method());
            assertEquals(expected, r.authorization(), r.path());
            assertFalse(r.body().contains(KEY), "key in the body of " + r.path());
            assertFalse(r.path().contains(KEY), "key in the URL " + r.path());
        }
    }

    @Test
    void pauseAndResumeContinuesAtTheNextStep() throws Exception {
        WandbRun first = run(wandb.url(), WandbCursor.START);
        log(first, 1, 4);
        first.detach();
        assertTrue(first.await(LIMIT));
        String path = "team/proj/ftjob-xyz";
        assertEquals(null, wandb.completions.get(path), "a paused job leaves its run open");
        WandbCursor saved = cursors.getLast();
        assertEquals(new WandbCursor(4, 4), saved);

        WandbRun second = run(wandb.url(), saved);
        log(second, 4, 9);
        second.finish(2);
        assertTrue(second.await(LIMIT));
        assertEquals(2, wandb.upserts.size());
        assertEquals(range(1, 9), wandb.steps(path));
        assertEquals(range(1, 9), wandb.postedSteps(), "no step posted twice");
        assertEquals(List.of(2), wandb.completions.get(path));
        assertTrue(wandb.conflicts.isEmpty(), wandb.conflicts.toString());
    }

    @Test
    void crashAndResumeFromAnOlderCursorRewritesTheSameLines() throws Exception {
        WandbRun first = run(wandb.url(), WandbCursor.START);
        log(first, 1, 2);
        first.detach();
        assertTrue(first.await(LIMIT));
        WandbCursor persisted = cursors.getLast();
        WandbRun lost = run(wandb.url(), persisted);
        log(lost, 3, 5);
        lost.detach();
        assertTrue(lost.await(LIMIT));
        String path = "team/proj/ftjob-xyz";
        assertEquals(range(1, 5), wandb.steps(path));

        // The worker died after W&B accepted steps 3..5 but before their cursor was saved: the new attempt
        // starts from the cursor of step 2 and the trainer replays steps 1..8 from its checkpoint.
        WandbRun resumed = run(wandb.url(), persisted);
        log(resumed, 1, 8);
        resumed.finish(1);
        assertTrue(resumed.await(LIMIT));
        assertEquals(range(1, 8), wandb.steps(path), "one row per step, in order");
        assertTrue(wandb.conflicts.isEmpty(), wandb.conflicts.toString());
        assertEquals(List.of(1), wandb.completions.get(path));
        assertEquals(new HashSet<>(range(1, 8)).size(), new HashSet<>(wandb.steps(path)).size());
    }

    @Test
    void transientErrorsAreRetried() throws Exception {
        wandb.failNext(2, 503);
        WandbRun run = run(wandb.url(), WandbCursor.START);
        log(run, 1, 3);
        run.finish(0);
        assertTrue(run.await(LIMIT));
        assertEquals(range(1, 3), wandb.steps("team/proj/ftjob-xyz"));
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(2, wandb.requests().stream().filter(r -> r.path().equals("/graphql")).count() - 1,
                "two refused tries before the run was created");
    }

    @Test
    void anUnreachableServerIsReportedOnceAndNeverThrows() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WandbRun run = run(URI.create("http://127.0.0.1:" + port), WandbCursor.START);
        log(run, 1, 50);
        run.finish(1);
        assertTrue(run.await(LIMIT));
        log(run, 51, 60);
        assertTrue(run.failed());
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.getFirst().contains("unreachable"), failures.getFirst());
        assertTrue(failures.getFirst().contains("3 tries"), failures.getFirst());
        assertFalse(failures.getFirst().contains(KEY));
        assertTrue(cursors.isEmpty());
    }

    @Test
    void aRefusedKeyIsReportedWithoutTheKey() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("hone.wandb");
        jul.addHandler(capture);
        try {
            refusedKey();
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.getFirst().contains("HTTP 401"), logged.toString());
        assertFalse(logged.getFirst().contains(KEY), logged.toString());
    }

    private void refusedKey() throws Exception {
        wandb.failNext(100, 401);
        WandbRun run = run(wandb.url(), WandbCursor.START);
        log(run, 1, 3);
        run.finish(0);
        assertTrue(run.await(LIMIT));
        assertEquals(1, wandb.requests().size(), "a 401 is not retried");
        assertEquals(1, failures.size());
        assertTrue(failures.getFirst().contains("HTTP 401"), failures.getFirst());
        assertTrue(failures.getFirst().contains("HONE_WANDB_API_KEY"), failures.getFirst());
        assertFalse(failures.getFirst().contains(KEY));
        assertNotNull(run);
    }
}
