/**
 * Renderings of a finished run: the terminal summary, {@code result.json}, the HdrHistogram
 * interval log {@code latency.hlog}, the self-contained {@code report.html} with its SVG plots,
 * {@code junit.xml} and {@code summary.md}; reading saved results back ({@link
 * dev.harness.report.ResultReader} into {@link dev.harness.report.RunReport}), baseline comparison,
 * and the capacity search's text, JSON and HTML. Every run report is rendered from one {@link
 * dev.harness.report.RunView}, so a section shows the same in every format. A report never re-runs
 * anything.
 *
 * <p>May import: {@code dev.harness.engine.model}, {@code dev.harness.engine.result}, {@code
 * dev.harness.engine.time}.
 */
package dev.harness.report;
