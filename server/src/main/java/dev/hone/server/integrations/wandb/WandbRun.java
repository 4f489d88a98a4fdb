package dev.hone.server.integrations.wandb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One job's W&amp;B run, fed from the training thread and sent from its own virtual thread: {@link #log} only
 * offers a row to a bounded queue and returns, so training is never blocked and never fails because of W&amp;B.
 * The thread creates (or resumes) the run, sends queued rows in batches as history lines with the summary,
 * retries failed calls with exponential backoff a bounded number of times, and ends with the completion
 * ({@link #finish}) or without it ({@link #detach}, a paused job). When W&amp;B cannot be reached or refuses a
 * call, it stops logging and tells {@link Listener#failed} once. Steps at or below the cursor it was started
 * with are skipped, so a resumed job's replayed steps are not sent twice.
 */
public final class WandbRun {
    private static final System.Logger LOG = System.getLogger("hone.wandb");

    private final WandbClient client;
    private final WandbRunSpec spec;
    private final Settings settings;
    private final Listener listener;
    private final BlockingQueue<ObjectNode> rows;
    private final Thread thread;
    private final ObjectNode summary = JsonNodeFactory.instance.objectNode();
    private WandbCursor cursor;
    private long lastQueued;
    private volatile Integer exitCode;
    private volatile boolean ending;
    private volatile boolean failed;
    private volatile long overflowAt = -1;

    /** What the run reports back; both are called on the run's own thread. */
    public interface Listener {
        /** W&amp;B accepted rows up to {@code cursor.lastStep()}: keep it to resume from. */
        void sent(WandbCursor cursor);

        /** Logging to W&amp;B stopped for good; {@code reason} says why (never the key). Called at most once. */
        void failed(String reason);
    }

    /**
     * @param queue        rows held while W&amp;B is slow; past it the run stops logging (reported as a failure)
     * @param maxBatch     rows per {@code file_stream} post
     * @param linger       how long the first queued row waits for more before a post
     * @param attempts     tries per call (at least 1)
     * @param firstBackoff the wait after the first failed try, doubled after each next one
     * @param maxBackoff   the longest wait between tries
     */
    public record Settings(int queue, int maxBatch, Duration linger, int attempts, Duration firstBackoff,
                           Duration maxBackoff) {
        /** 10,000 rows, 500 per post, 2 s linger, 5 tries 1 s apart doubling to at most 30 s. */
        public static final Settings DEFAULT = new Settings(10_000, 500, Duration.ofSeconds(2), 5,
                Duration.ofSeconds(1), Duration.ofSeconds(30));

        public Settings {
            if (queue < 1 || maxBatch < 1 || attempts < 1 || linger.isNegative() || firstBackoff.isNegative()
                    || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("Invalid W&B run settings: queue " + queue + ", batch " + maxBatch
                        + ", attempts " + attempts + " (each >= 1), linger " + linger + ", backoff " + firstBackoff
                        + ".." + maxBackoff + " (non-negative, increasing).");
            }
        }
    }

    private WandbRun(WandbClient client, WandbRunSpec spec, WandbCursor from, Settings settings, Listener listener) {
        this.client = client;
        this.spec = spec;
        this.settings = settings;
        this.listener = listener;
        this.rows = new ArrayBlockingQueue<>(settings.queue());
        this.cursor = from;
        this.lastQueued = from.lastStep();
        this.thread = Thread.ofVirtual().name("wandb-" + spec.runId()).unstarted(this::work);
    }

    /**
     * Starts the run's thread, which creates or resumes the W&amp;B run; returns at once.
     *
     * @param from where an earlier attempt of the job stopped ({@link WandbCursor#START} for a new job)
     */
    public static WandbRun start(WandbClient client, WandbRunSpec spec, WandbCursor from, Settings settings,
                                 Listener listener) {
        WandbRun run = new WandbRun(client, spec, from, settings, listener);
        run.thread.start();
        return run;
    }

    /**
     * Queues one history row; never blocks. Steps not above the last queued or sent one are ignored.
     *
     * @param step    the training step, the row's {@code _step}
     * @param metrics the row's values by name ({@code train_loss}, {@code valid_loss}, ...)
     */
    public void log(long step, ObjectNode metrics) {
        if (failed || ending || overflowAt >= 0 || step <= lastQueued) {
            return;
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("_step", step);
        row.put("_timestamp", System.currentTimeMillis() / 1000.0);
        row.setAll(metrics);
        if (!rows.offer(row)) {
            overflowAt = step;
            return;
        }
        lastQueued = step;
    }

    /** Sends what is queued, then finishes the run with {@code exitCode} (0 succeeded, else failed). */
    public void finish(int exitCode) {
        this.exitCode = exitCode;
        ending = true;
    }

    /** Sends what is queued and leaves the run open (the job paused or its worker stops); a resume continues it. */
    public void detach() {
        ending = true;
    }

    /** Waits up to {@code limit} for the run's thread to end; true when it did. */
    public boolean await(Duration limit) throws InterruptedException {
        return thread.join(limit);
    }

    /** True once logging stopped because of a failure. */
    public boolean failed() {
        return failed;
    }

    private void work() {
        WandbClient.RunPath path = call("create", () -> client.upsertRun(spec));
        if (path == null) {
            rows.clear();
            return;
        }
        List<ObjectNode> batch = new ArrayList<>();
        while (!failed) {
            if (overflowAt >= 0) {
                stop("W&B is too slow: " + settings.queue() + " rows waited to be sent. Rows from step " + overflowAt
                        + " on are not logged.");
                break;
            }
            ObjectNode first = take();
            if (first == null) {
                break;
            }
            batch.clear();
            batch.add(first);
            linger();
            rows.drainTo(batch, settings.maxBatch() - 1);
            if (!send(path, batch)) {
                break;
            }
        }
        rows.clear();
        Integer code = exitCode;
        if (!failed && code != null) {
            call("finish", () -> {
                client.complete(path, code);
                return path;
            });
        }
    }

    /** The next row, or null once the run is ending and nothing is left. */
    private ObjectNode take() {
        while (true) {
            try {
                ObjectNode row = rows.poll(50, TimeUnit.MILLISECONDS);
                if (row != null || ending && rows.isEmpty()) {
                    return row;
                }
            } catch (InterruptedException e) {
                return null;
            }
        }
    }

    private void linger() {
        long until = System.nanoTime() + settings.linger().toNanos();
        while (!ending && rows.size() < settings.maxBatch() && System.nanoTime() < until) {
            sleep(Duration.ofMillis(20));
        }
    }

    private boolean send(WandbClient.RunPath path, List<ObjectNode> batch) {
        List<String> lines = new ArrayList<>(batch.size());
        long last = cursor.lastStep();
        for (ObjectNode row : batch) {
            lines.add(WandbClient.text(row));
            summary.setAll(row);
            last = row.get("_step").longValue();
        }
        long offset = cursor.nextOffset();
        String s = WandbClient.text(summary);
        if (call("send", () -> {
            client.history(path, offset, lines, s);
            return path;
        }) == null) {
            return false;
        }
        cursor = new WandbCursor(last, offset + lines.size());
        listener.sent(cursor);
        return true;
    }

    private interface Call {
        WandbClient.RunPath run();
    }

    /** Runs {@code c} with bounded retries; null (and the run stopped) when it failed for good. */
    private WandbClient.RunPath call(String what, Call c) {
        Duration wait = settings.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return c.run();
            } catch (WandbException e) {
                if (!e.retryable() || attempt >= settings.attempts()) {
                    stop(e.getMessage() + (e.retryable() ? " Gave up after " + attempt + " tries." : ""));
                    return null;
                }
                LOG.log(System.Logger.Level.INFO, "W&B run " + spec.runId() + ": " + what + " failed, try " + attempt
                        + " of " + settings.attempts() + ": " + e.getMessage());
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : wait.multipliedBy(2);
            }
        }
    }

    private synchronized void stop(String reason) {
        if (failed) {
            return;
        }
        failed = true;
        LOG.log(System.Logger.Level.WARNING, "W&B run " + spec.runId() + " stopped logging: " + reason);
        listener.failed(reason);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
