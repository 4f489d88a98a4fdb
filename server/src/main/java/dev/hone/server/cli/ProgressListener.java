package dev.hone.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hone.engine.train.Checkpoint;
import dev.hone.engine.train.StepMetrics;
import dev.hone.engine.train.TrainingListener;
import dev.hone.engine.train.ValidationMetrics;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How {@code hone train} shows progress: a one-line progress bar redrawn in place on a terminal, plain lines
 * otherwise, or with {@code --log-json} one JSON object per step ({@code step, loss, accuracy, tokens,
 * tokens_per_second}, plus {@code learning_rate}, {@code grad_norm}, {@code trained_tokens}) and per
 * validation; throughput excludes validation and checkpoint time. The control it hands the trainer can be
 * switched to pause (Ctrl-C, SIGTERM) from another thread.
 */
final class ProgressListener implements TrainingListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 24;
    private final PrintWriter out;
    private final boolean json;
    private final boolean terminal;
    private final AtomicReference<Control> control = new AtomicReference<>(Control.CONTINUE);
    private long lastNanos = System.nanoTime();

    ProgressListener(PrintWriter out, boolean json, boolean terminal) {
        this.out = out;
        this.json = json;
        this.terminal = terminal;
    }

    /** Asks the trainer to checkpoint and stop at the next micro-batch. */
    void requestPause() {
        control.set(Control.PAUSE);
    }

    @Override
    public Control control() {
        return control.get();
    }

    @Override
    public void onStep(StepMetrics m) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        lastNanos = now;
        double tokensPerSecond = m.inputTokens() / seconds;
        if (json) {
            ObjectNode row = JSON.createObjectNode();
            row.put("step", m.step());
            row.put("loss", m.loss());
            row.put("accuracy", m.accuracy());
            row.put("tokens", m.inputTokens());
            row.put("tokens_per_second", Math.round(tokensPerSecond * 10) / 10.0);
            row.put("trained_tokens", m.tokens());
            row.put("learning_rate", m.learningRate());
            row.put("grad_norm", m.gradNorm());
            row.put("epoch", m.epoch() + 1);
            row.put("total_steps", m.totalSteps());
            out.println(row);
        } else {
            int filled = (int) (BAR * m.step() / Math.max(1, m.totalSteps()));
            String line = String.format("step %d/%d [%s%s] loss %.4f acc %.3f %.0f tok/s", m.step(), m.totalSteps(),
                    "#".repeat(filled), "-".repeat(BAR - filled), m.loss(), m.accuracy(), tokensPerSecond);
            if (terminal) {
                out.print("\r" + line);
                if (m.step() == m.totalSteps()) {
                    out.println();
                }
            } else {
                out.println(line);
            }
        }
        out.flush();
    }

    @Override
    public void onValidation(ValidationMetrics m) {
        if (json) {
            ObjectNode row = JSON.createObjectNode();
            row.put("step", m.step());
            row.put("validation_loss", m.loss());
            row.put("validation_accuracy", m.accuracy());
            row.put("validation_tokens", m.tokens());
            out.println(row);
        } else {
            out.printf("%sstep %d validation loss %.4f acc %.3f%n", terminal ? "\n" : "", m.step(), m.loss(),
                    m.accuracy());
        }
        out.flush();
        lastNanos = System.nanoTime();
    }

    @Override
    public void onCheckpoint(Checkpoint c) {
        if (!json) {
            out.printf("%scheckpoint %s%n", terminal ? "\n" : "", c.dir());
            out.flush();
        }
        lastNanos = System.nanoTime();
    }
}
