package dev.harness.report;

import dev.harness.engine.model.TargetMetricsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The target's own metrics in the text summary: one row for memory, CPU and the scrapes, and one
 * per other series recorded. Stateless.
 */
final class TargetText {
  private TargetText() {}

  /** Label and text of each row; empty when the run scraped no metrics. */
  static List<String[]> rows(RunReport r) {
    TargetTimeline t = r.targetMetrics();
    List<String[]> rows = new ArrayList<>();
    if (t == null) {
      return rows;
    }
    TargetTimeline.Summary memory = summary(t, TargetMetricsSpec.MEMORY);
    String mem =
        memory == null || memory.first() == null
            ? "memory not measured"
            : String.format(
                Locale.ROOT,
                "memory %.1f MB -> %.1f MB (%s)",
                memory.first() / 1e6,
                memory.last() / 1e6,
                t.memoryGrowthPercentPerHour() == null
                    ? "growth not measured"
                    : String.format(Locale.ROOT, "%+.1f%%/h", t.memoryGrowthPercentPerHour()));
    String cpu =
        t.cpuPercent() == null
            ? "cpu not measured"
            : String.format(Locale.ROOT, "cpu %.1f%% of one core", t.cpuPercent());
    String scrapes =
        t.points().size()
            + " scrapes"
            + (t.failures() == 0
                ? ""
                : ", " + t.failures() + " failed (last: " + t.lastError() + ")");
    rows.add(new String[] {"target", mem + ", " + cpu + "; " + scrapes});
    for (TargetTimeline.Summary s : t.summaries()) {
      if (TargetMetricsSpec.DEFAULT_SERIES.contains(s.series())) {
        continue;
      }
      String text =
          s.last() == null
              ? "not in any scrape"
              : "last "
                  + number(s.last())
                  + " (min "
                  + number(s.min())
                  + ", max "
                  + number(s.max())
                  + ")";
      rows.add(new String[] {"", s.series() + ": " + text});
    }
    return rows;
  }

  static TargetTimeline.Summary summary(TargetTimeline t, String series) {
    for (TargetTimeline.Summary s : t.summaries()) {
      if (s.series().equals(series)) {
        return s;
      }
    }
    return null;
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }
}
