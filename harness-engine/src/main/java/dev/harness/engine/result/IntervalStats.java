package dev.harness.engine.result;

/**
 * One second (or the last part of one) of the run's time series. Arrivals are placed in the
 * interval that holds their intended start; answers are counted in the interval they completed.
 *
 * @param startNanos offset of the interval start from the run start
 * @param endNanos offset of the interval end from the run start
 * @param scheduled arrivals due in the interval
 * @param sent requests written in the interval
 * @param outcomes outcomes recorded in the interval
 * @param responseP50 response-time percentiles of answers recorded in the interval, ns
 * @param responseP90 see responseP50
 * @param responseP99 see responseP50
 * @param responseMax see responseP50
 */
public record IntervalStats(
    long startNanos,
    long endNanos,
    long scheduled,
    long sent,
    OutcomeCounts outcomes,
    long responseP50,
    long responseP90,
    long responseP99,
    long responseMax) {

  /** Answers per second in this interval. */
  public double achievedRate() {
    long len = endNanos - startNanos;
    return len <= 0 ? 0 : outcomes.responses() * 1e9 / len;
  }
}
