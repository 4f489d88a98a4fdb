/**
 * Fine-tuning dataset validation, as OpenAI applies it before a job starts (reference §3.4, §4): the
 * job's validation stage and {@code hone validate} both call {@link dev.hone.server.validation.DatasetValidator}.
 * Public: {@code DatasetValidator}, {@code ValidationReport}, {@code DatasetProblem}, {@code JobFailure},
 * {@code TrainingMethod}, {@code DatasetKind}, {@code DatasetFormat}; everything else is package-private.
 */
package dev.hone.server.validation;
