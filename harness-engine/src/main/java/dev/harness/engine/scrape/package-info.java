/**
 * The target's own Prometheus metrics, read during a run: the scrape on a connection of its own and
 * the parser of the text exposition format. Never part of the load.
 *
 * <p>May import: {@code model}, {@code result}, {@code time}.
 */
package dev.harness.engine.scrape;
