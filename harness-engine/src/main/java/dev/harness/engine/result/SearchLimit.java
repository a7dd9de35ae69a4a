package dev.harness.engine.result;

import java.util.Locale;

/** Which limit ended a capacity search: what the reports name as the reason there is no more. */
public enum SearchLimit {
  /** The lowest failing rate broke an SLO (latency or errors). */
  SLO,
  /**
   * Every SLO held at the lowest failing rate, but the target served less than it was offered
   * (beyond the rate tolerance): its throughput limit.
   */
  THROUGHPUT,
  /**
   * The generator could not hold the rate: the limit found is the generator's, not the target's.
   */
  GENERATOR,
  /** Every step passed up to the search's maximum rate. */
  MAX_RATE;

  /** Lower-case name with a dash, used in JSON and reports: {@code max-rate}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
