package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;

/**
 * A stretch of the run with its own rate profile. Warm-up phases are run and reported but not
 * judged by the criteria.
 *
 * @param name name shown in reports
 * @param durationNanos length of the phase
 * @param rate arrival profile; ignored in the closed model
 * @param warmup whether criteria skip this phase
 */
public record Phase(String name, long durationNanos, RateProfile rate, boolean warmup) {
  public Phase {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("phase name is missing");
    }
    if (durationNanos <= 0) {
      throw new InvalidInputException("phase " + name + ": duration must be positive");
    }
    if (rate != null) {
      try {
        rate.schedule(durationNanos); // a profile that does not fit the phase fails here
      } catch (InvalidInputException e) {
        throw new InvalidInputException("phase " + name + ": " + e.getMessage());
      }
    }
  }
}
