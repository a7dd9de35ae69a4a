/**
 * The {@code harness} command line: picocli commands that turn flags and scenario files into a run,
 * hand the result to the report writers and map every outcome to one exit code (0 pass, 1 criteria
 * failed, 2 bad input, 3 run invalid, 5 aborted, 130 interrupted).
 *
 * <p>May import: any package of {@code dev.harness.engine} and {@code dev.harness.report}; nothing
 * imports it.
 */
package dev.harness.cli;
