package dev.hone.server.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hone.server.jobs.JobEvent;

import java.util.List;
import java.util.Locale;

/**
 * The results file {@code step_metrics.csv} (reference §5.4): exactly the columns
 * {@code step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy}, one row per step from the job's
 * metrics events (so a recovered job, whose events are never duplicated, has no duplicated rows), values
 * rounded to 5 decimals, validation columns empty on steps without validation. Served as plain CSV.
 */
final class ResultsCsv {
    static final String FILENAME = "step_metrics.csv";
    static final String HEADER = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy";

    private ResultsCsv() {
    }

    static String render(List<JobEvent> metricsEvents) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (JobEvent e : metricsEvents) {
            JsonNode d = e.data();
            out.append(d.path("step").asLong()).append(',').append(five(d.get("train_loss"))).append(',')
                    .append(five(d.get("train_mean_token_accuracy"))).append(',').append(five(d.get("valid_loss")))
                    .append(',').append(five(d.get("valid_mean_token_accuracy"))).append('\n');
        }
        return out.toString();
    }

    private static String five(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        String s = String.format(Locale.ROOT, "%.5f", v.doubleValue());
        s = s.contains(".") ? s.replaceAll("0+$", "") : s;
        return s.endsWith(".") ? s + "0" : s;
    }
}
