package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;

/**
 * What {@code run -n N} makes of a run: the arrival limit, and the duration when {@code -d} was not
 * given (long enough for N arrivals at the rate, so the schedule itself ends on the N-th).
 */
final class Count {
  /** The cap of a closed-model run with {@code -n} and no {@code -d}. */
  static final long CLOSED_CAP_NANOS = 3_600_000_000_000L;

  private Count() {}

  /** The run's arrival limit: N, or 0 without {@code -n}. */
  static long limit(Long count) {
    if (count == null) {
      return 0;
    }
    if (count < 1) {
      throw new InvalidInputException("-n must be at least 1, got " + count);
    }
    return count;
  }

  /**
   * The measured duration: {@code given} when {@code -d} was given or there is no {@code -n}; else
   * {@code N / rate} rounded up to a nanosecond (open model), or {@link #CLOSED_CAP_NANOS}.
   */
  static long duration(Long count, Double rate, long given, boolean durationGiven) {
    if (count == null || durationGiven) {
      return given;
    }
    limit(count);
    if (rate == null) {
      return CLOSED_CAP_NANOS;
    }
    return (long) Math.ceil(count * 1e9 / rate);
  }
}
