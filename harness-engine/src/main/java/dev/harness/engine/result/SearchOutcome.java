package dev.harness.engine.result;

import java.util.Locale;

/** Why a capacity search ended. */
public enum SearchOutcome {
  /** The highest passing and lowest failing rates are within the precision: the capacity. */
  FOUND,
  /** Every step passed up to the maximum rate: the capacity is at least that. */
  ABOVE_MAX,
  /** The first step failed: the capacity is below the start rate. */
  BELOW_START,
  /** A step was invalid because the generator fell behind: the limit found is the generator's. */
  GENERATOR_LIMIT,
  /** The target could not be reached or never answered before any step passed. */
  TARGET_INVALID,
  /** Stopped by a signal: the steps that finished are kept. */
  INTERRUPTED;

  /** Lower-case name with a dash, used in JSON and reports: {@code above-max}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
