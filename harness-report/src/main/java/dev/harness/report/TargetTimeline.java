package dev.harness.report;

import java.util.List;

/**
 * The target's own metrics as {@code result.json}'s {@code target} block has them: the timeline of
 * each series and its figures over the measured part. Immutable.
 *
 * @param url the metrics URL scraped
 * @param intervalSeconds time between two scrapes
 * @param series the series recorded; each point's values follow this order
 * @param points each scrape that answered
 * @param failures scrapes that failed
 * @param lastError why the last failed scrape failed, or null
 * @param summaries each series' figures over the measured part, in {@code series} order
 * @param memoryGrowthPercentPerHour resident memory growth, percent of its first value per hour;
 *     null when not measured
 * @param cpuPercent CPU in percent of one core; null when not measured
 */
record TargetTimeline(
    String url,
    double intervalSeconds,
    List<String> series,
    List<Point> points,
    long failures,
    String lastError,
    List<Summary> summaries,
    Double memoryGrowthPercentPerHour,
    Double cpuPercent) {

  /** One scrape: seconds since the run's start, and each series' value (null: not in it). */
  record Point(double t, List<Double> values) {}

  /** One series over the measured part; null figures were not measured. */
  record Summary(
      String series,
      long scrapes,
      Double first,
      Double last,
      Double min,
      Double max,
      Double growthPercentPerHour,
      Double ratePerSecond) {}

  TargetTimeline {
    series = List.copyOf(series);
    points = List.copyOf(points);
    summaries = List.copyOf(summaries);
  }
}
