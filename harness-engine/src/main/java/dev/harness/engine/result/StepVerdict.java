package dev.harness.engine.result;

import java.util.Locale;

/** How one step of a capacity search ended, as the search reads it. */
public enum StepVerdict {
  /** Every SLO held at this rate. */
  PASS,
  /** An SLO failed at this rate: the target, not the generator, was measured and fell short. */
  FAIL,
  /** The generator could not hold this rate: nothing is known about the target at it. */
  GENERATOR_LIMIT,
  /** The target never answered in the step (invalid run, not the generator's fault). */
  NO_ANSWER,
  /** Stopped by a signal before its end. */
  INTERRUPTED;

  /** Lower-case name with a dash, used in JSON and reports: {@code generator-limit}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
