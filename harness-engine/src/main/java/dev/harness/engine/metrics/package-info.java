/**
 * Live Micrometer meters of a running load, served in Prometheus text format while the run lasts.
 * Listens to a run; never drives one.
 *
 * <p>May import: {@code result}, {@code run}.
 */
package dev.harness.engine.metrics;
