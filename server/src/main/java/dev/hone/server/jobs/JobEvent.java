package dev.hone.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of a job's event log (reference §2.6).
 *
 * @param level {@code info}, {@code warn} or {@code error}
 * @param type  {@code message} or {@code metrics}
 * @param data  the event's data object, or null
 */
public record JobEvent(String id, String jobId, long createdAt, String level, String type, String message,
                       JsonNode data) {
}
