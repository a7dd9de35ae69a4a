/**
 * What a run measured, immutable once built: {@link dev.harness.engine.result.RunResult} with its
 * stats, per-second intervals, outcomes, generator health, probe timeline, criterion results and
 * resilience figures. The input to every report and to the judge.
 *
 * <p>May import: {@code model}, {@code time}.
 */
package dev.harness.engine.result;
