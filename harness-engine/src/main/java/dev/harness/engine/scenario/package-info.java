/**
 * Scenario files: reads YAML (with line numbers for errors) into the same immutable {@code RunSpec}
 * the command line builds; every problem is one line naming the file, line and element.
 *
 * <p>May import: {@code model}, {@code time}.
 */
package dev.harness.engine.scenario;
