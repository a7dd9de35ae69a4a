package dev.harness.engine.result;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One step of a capacity search: a full open-model run at one rate, reduced to the figures the
 * search and its reports need. Plain numbers rather than the run result, so the search can be
 * tested with made-up steps and a report never depends on the run's internals.
 *
 * @param number 1 for the first step
 * @param stage whether the step grew the rate, bisected an interval or retried a rate
 * @param rate offered rate, per second
 * @param connections connections the step could use
 * @param verdict how the step ended
 * @param reason why the step did not pass, as the run said it; null when it passed
 * @param achievedRate answers completed per second while the step's arrivals were offered (answers
 *     that came in after the step's end are not counted), so it stops following {@code rate} where
 *     the target saturates
 * @param requests arrivals of the measured part
 * @param errors arrivals that ended in an error
 * @param latency response time from the intended start, measured part only
 * @param criteria each SLO with its actual value
 * @param lateRatio share of arrivals the generator handled late, 0 to 1
 * @param generatorBusy share of one core per worker the generator's threads used during the
 *     measured part, 0 to 1; NaN when not measured
 */
public record CapacityStep(
    int number,
    Stage stage,
    double rate,
    int connections,
    StepVerdict verdict,
    String reason,
    double achievedRate,
    long requests,
    long errors,
    Latency latency,
    List<CriterionResult> criteria,
    double lateRatio,
    double generatorBusy) {

  /** What a step was for. */
  public enum Stage {
    /** Growing the rate geometrically until the first failure. */
    GROW,
    /** Halving the interval between the highest pass and the lowest failure. */
    BISECT,
    /** The same rate again, after the generator fell behind once. */
    RETRY;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Response-time percentiles in nanoseconds; {@code count} 0 when nothing was measured, and then
   * the percentiles mean nothing.
   *
   * @param slo the values at the percentiles the SLO bounds ({@code p95 < 500ms}: 95), by
   *     percentile in increasing order; empty when it bounds none
   */
  public record Latency(
      long count, long p50, long p90, long p99, long p999, long max, SortedMap<Double, Long> slo) {

    /** Percentiles without the SLO's own. */
    public Latency(long count, long p50, long p90, long p99, long p999, long max) {
      this(count, p50, p90, p99, p999, max, new TreeMap<>());
    }

    public Latency {
      slo = Collections.unmodifiableSortedMap(new TreeMap<>(slo));
    }

    public static Latency of(Histogram h) {
      return of(h, List.of());
    }

    /** The histogram's percentiles, and its values at {@code sloPercentiles}. */
    public static Latency of(Histogram h, List<Double> sloPercentiles) {
      if (h == null || h.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0);
      }
      SortedMap<Double, Long> slo = new TreeMap<>();
      for (double p : sloPercentiles) {
        slo.put(p, h.getValueAtPercentile(p));
      }
      return new Latency(
          h.getTotalCount(),
          h.getValueAtPercentile(50),
          h.getValueAtPercentile(90),
          h.getValueAtPercentile(99),
          h.getValueAtPercentile(99.9),
          h.getMaxValue(),
          slo);
    }

    public boolean measured() {
      return count > 0;
    }

    /**
     * The value at percentile {@code p}: one the SLO bounds, or p50, p90, p99, p99.9; -1 when this
     * step did not record it.
     */
    public long at(double p) {
      Long v = slo.get(p);
      if (v != null) {
        return v;
      }
      if (p == 50) {
        return p50;
      }
      if (p == 90) {
        return p90;
      }
      if (p == 99) {
        return p99;
      }
      return p == 99.9 ? p999 : -1;
    }
  }

  /**
   * Which rule the step failed on: {@code slo} when an SLO criterion failed, {@code throughput}
   * when every SLO held but the achieved rate fell short of the offered beyond the plan's
   * tolerance; null for a step that passed or did not measure the target.
   */
  public String failedOn() {
    if (verdict != StepVerdict.FAIL) {
      return null;
    }
    return criteria.stream().allMatch(CriterionResult::passed) ? "throughput" : "slo";
  }

  public CapacityStep {
    criteria = List.copyOf(criteria);
  }

  /** Errors as a share of requests, 0 to 1. */
  public double errorRatio() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}
