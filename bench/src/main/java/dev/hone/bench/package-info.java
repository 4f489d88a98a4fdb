/** Benchmarks: JMH kernel benches and end-to-end throughput runs, each printing a ratio to a baseline. */
package dev.hone.bench;
