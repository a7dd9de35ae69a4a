package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

/**
 * The latency figures of one window in nanoseconds, null where nothing was measured, and the
 * histogram behind them when one is at hand.
 *
 * <p>With a histogram (the run itself, or {@code latency.hlog} read back), the figures are exactly
 * the histogram's. Without one they come from {@code result.json}, which holds milliseconds rounded
 * to 3 decimals: the same numbers to the microsecond.
 *
 * @param count values recorded
 * @param histogram the recorded values, or null when only {@code result.json} was read; read-only
 */
public record Latency(
    long count,
    Long p50,
    Long p90,
    Long p95,
    Long p99,
    Long p999,
    Long p9999,
    Long max,
    Long mean,
    Long min,
    Histogram histogram) {

  /** The figures of a histogram, exactly. */
  public static Latency of(Histogram h) {
    if (h == null || h.getTotalCount() == 0) {
      return new Latency(0, null, null, null, null, null, null, null, null, null, h);
    }
    return new Latency(
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(95),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getValueAtPercentile(99.99),
        h.getMaxValue(),
        Math.round(h.getMean()),
        h.getMinValue(),
        h);
  }

  /** The figures of a {@code latency} block of {@code result.json} (milliseconds). */
  static Latency ofJson(JsonNode n, String where) {
    return new Latency(
        Json.count(n, "count", where),
        Json.millisAsNanos(n, "p50", where),
        Json.millisAsNanos(n, "p90", where),
        Json.millisAsNanos(n, "p95", where),
        Json.millisAsNanos(n, "p99", where),
        Json.millisAsNanos(n, "p999", where),
        Json.millisAsNanos(n, "p9999", where),
        Json.millisAsNanos(n, "max", where),
        Json.millisAsNanos(n, "mean", where),
        Json.millisAsNanos(n, "min", where),
        null);
  }

  /** Whether anything was measured. */
  public boolean measured() {
    return count > 0 && p50 != null;
  }

  /**
   * The value at a percentile: from the histogram when there is one, else one of the fixed
   * percentiles of {@code result.json} (50, 90, 95, 99, 99.9, 99.99, 100), else null.
   */
  public Long at(double percentile) {
    if (!measured()) {
      return null;
    }
    if (histogram != null) {
      return percentile >= 100
          ? histogram.getMaxValue()
          : histogram.getValueAtPercentile(percentile);
    }
    if (percentile == 50) {
      return p50;
    } else if (percentile == 90) {
      return p90;
    } else if (percentile == 95) {
      return p95;
    } else if (percentile == 99) {
      return p99;
    } else if (percentile == 99.9) {
      return p999;
    } else if (percentile == 99.99) {
      return p9999;
    } else if (percentile >= 100) {
      return max;
    }
    return null;
  }
}
