package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;
import java.util.List;

/**
 * How a capacity search runs: the SLO every step is judged by, where the search starts and stops,
 * and how long each step lasts. Immutable; validated at construction with messages that name the
 * field, so a flag and a scenario file get the same one-line error.
 *
 * @param slo criteria each step must meet, judged on the step's measured part as {@code run} does
 * @param start rate of the first step, per second
 * @param max highest rate the search tries, per second
 * @param precision bisection ends when (lowest failing - highest passing) is at most this share of
 *     the highest passing rate, 0 to 1 exclusive (0.05 for 5%)
 * @param stepNanos measured length of each step
 * @param warmupNanos warm-up at the step's rate before its measured part, not judged
 * @param connections connections for every step, or 0 to size them per step (see {@link
 *     StepSpecs#connections})
 * @param require rate the capacity must reach for the search to pass, per second; 0 for none
 * @param rateTolerance how far a step's achieved rate may fall below its offered rate and still
 *     pass, a ratio from 0 to 1 exclusive (0.02 for 2%): beyond it the target did not serve the
 *     rate, whatever its latency
 */
public record CapacityPlan(
    List<Criterion> slo,
    double start,
    double max,
    double precision,
    long stepNanos,
    long warmupNanos,
    int connections,
    double require,
    double rateTolerance) {

  /** Each growth step offers this many times the rate of the one before. */
  public static final double GROWTH = 2;

  /** The default {@link #rateTolerance}: 2%. */
  public static final double DEFAULT_RATE_TOLERANCE = 0.02;

  /** A plan with the {@link #DEFAULT_RATE_TOLERANCE default rate tolerance}. */
  public CapacityPlan(
      List<Criterion> slo,
      double start,
      double max,
      double precision,
      long stepNanos,
      long warmupNanos,
      int connections,
      double require) {
    this(
        slo,
        start,
        max,
        precision,
        stepNanos,
        warmupNanos,
        connections,
        require,
        DEFAULT_RATE_TOLERANCE);
  }

  public CapacityPlan {
    slo = List.copyOf(slo);
    if (slo.isEmpty()) {
      throw new InvalidInputException(
          "capacity: give at least one SLO, e.g. --slo 'p99 < 50ms' --slo 'errors < 0.1%'");
    }
    if (!(start > 0) || Double.isInfinite(start)) {
      throw new InvalidInputException("capacity: start must be a positive rate, got " + start);
    }
    if (!(max >= start) || Double.isInfinite(max)) {
      throw new InvalidInputException(
          "capacity: max (" + max + ") must be a finite rate at least start (" + start + ")");
    }
    if (!(precision > 0 && precision < 1)) {
      throw new InvalidInputException(
          "capacity: precision must be between 0% and 100% exclusive, got "
              + precision * 100
              + "%");
    }
    if (stepNanos <= 0) {
      throw new InvalidInputException("capacity: step duration must be positive");
    }
    if (warmupNanos < 0) {
      throw new InvalidInputException("capacity: warm-up must not be negative");
    }
    if (connections < 0) {
      throw new InvalidInputException("capacity: connections must not be negative");
    }
    if (!(require >= 0) || require > max) {
      // The search never offers more than max, so it could not show a higher requirement is met.
      throw new InvalidInputException(
          "capacity: require (" + require + ") must be between 0 and max (" + max + ")");
    }
    if (!(rateTolerance >= 0 && rateTolerance < 1)) {
      throw new InvalidInputException(
          "capacity: rate tolerance must be from 0% to 100% exclusive, got "
              + rateTolerance * 100
              + "%");
    }
  }

  /**
   * The percentiles the SLO bounds on the whole run ({@code p95 < 500ms} gives 95), in increasing
   * order without repeats: the percentiles the step tables show.
   */
  public List<Double> sloPercentiles() {
    return slo.stream()
        .filter(c -> c.metric() == Criterion.Metric.PERCENTILE && c.name() == null)
        .map(Criterion::percentile)
        .distinct()
        .sorted()
        .toList();
  }
}
