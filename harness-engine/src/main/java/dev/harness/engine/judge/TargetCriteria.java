package dev.harness.engine.judge;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.TargetMetricsSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.TargetMetrics;
import java.util.Locale;

/**
 * Judges the criteria on the target's own metrics on their timeline over the measured part (the
 * scrapes from the end of the warm-up on): {@code target.memory.growth} on the least-squares growth
 * of {@value TargetMetricsSpec#MEMORY} in percent of its first value per hour, {@code target.cpu}
 * on the rate of {@value TargetMetricsSpec#CPU} in percent of one core, {@code
 * target.metric{name=...}} on the series' last value. A figure that could not be measured fails its
 * criterion and says why. Stateless.
 */
final class TargetCriteria {
  private TargetCriteria() {}

  static CriterionResult evaluate(Criterion c, TargetMetrics target, long fromNanos) {
    if (target == null) {
      return unmeasured(c, "not measured (needs --target-metrics URL)");
    }
    String series =
        switch (c.metric()) {
          case TARGET_MEMORY_GROWTH -> TargetMetricsSpec.MEMORY;
          case TARGET_CPU -> TargetMetricsSpec.CPU;
          default -> c.name();
        };
    TargetMetrics.Summary s = target.summary(series, fromNanos);
    if (s == null || s.scrapes() == 0) {
      return unmeasured(
          c,
          "not measured ("
              + series
              + (s == null ? " not recorded" : " in no scrape of the measured part")
              + scrapeFailures(target)
              + ")");
    }
    double actual;
    String text;
    switch (c.metric()) {
      case TARGET_MEMORY_GROWTH -> {
        actual = s.growthPercentPerHour();
        text =
            String.format(
                Locale.ROOT,
                "%+.1f%%/h (%.1f MB -> %.1f MB over %d scrapes)",
                actual,
                s.first() / 1e6,
                s.last() / 1e6,
                s.scrapes());
      }
      case TARGET_CPU -> {
        actual = s.cpuPercent();
        text = String.format(Locale.ROOT, "%.1f%% of one core", actual);
      }
      default -> {
        actual = s.last();
        text = String.format(Locale.ROOT, "%s (last of %d scrapes)", number(actual), s.scrapes());
      }
    }
    if (Double.isNaN(actual)) {
      return unmeasured(c, "not measured (needs two scrapes in the measured part)");
    }
    return new CriterionResult(c.expression(), actual, text, c.op().holds(actual, c.threshold()));
  }

  private static CriterionResult unmeasured(Criterion c, String why) {
    return new CriterionResult(c.expression(), Double.NaN, why, false);
  }

  private static String scrapeFailures(TargetMetrics t) {
    return t.failures() == 0 ? "" : "; " + t.failures() + " scrapes failed, last: " + t.lastError();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
