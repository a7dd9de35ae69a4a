package dev.harness.engine.result;

import java.util.ArrayList;
import java.util.List;

/**
 * The target's own metrics as scraped during the run: a timeline of the chosen series, and how many
 * scrapes failed. Immutable; the arrays of a {@link Scrape} are not copied and must not be changed
 * once it is built.
 *
 * @param url the metrics URL scraped
 * @param intervalNanos time between two scrapes
 * @param series the series recorded, in order: {@link Scrape#values} follow it
 * @param scrapes each scrape that answered, in time order
 * @param failures scrapes that failed (no answer in time, a status other than 200, text that does
 *     not parse); they never fail the run by themselves
 * @param lastError why the last failed scrape failed, or null when none did
 */
public record TargetMetrics(
    String url,
    long intervalNanos,
    List<String> series,
    List<Scrape> scrapes,
    long failures,
    String lastError) {

  /**
   * One scrape that answered.
   *
   * @param atNanos when its answer came, from the run's time zero
   * @param values the value of each series (in {@link TargetMetrics#series} order); NaN when the
   *     answer did not have that series
   */
  public record Scrape(long atNanos, double[] values) {}

  /**
   * One series over the measured part (the scrapes from the end of the warm-up on). NaN where a
   * figure needs more scrapes than there were.
   *
   * @param scrapes scrapes in the measured part that had the series
   * @param first its first value
   * @param last its last value
   * @param min its lowest value
   * @param max its highest value
   * @param growthPercentPerHour the least-squares slope over time, per hour, as a percent of the
   *     first value: a leak shows here
   * @param ratePerSecond (last - first) over the time between them: for a counter, its rate
   */
  public record Summary(
      int scrapes,
      double first,
      double last,
      double min,
      double max,
      double growthPercentPerHour,
      double ratePerSecond) {

    /** The CPU share of a CPU-seconds counter's summary, percent of one core. */
    public double cpuPercent() {
      return ratePerSecond * 100;
    }
  }

  public TargetMetrics {
    series = List.copyOf(series);
    scrapes = List.copyOf(scrapes);
  }

  /**
   * The figures of {@code name} over the scrapes from {@code fromNanos} on; null if not recorded.
   */
  public Summary summary(String name, long fromNanos) {
    int k = series.indexOf(name);
    if (k < 0) {
      return null;
    }
    List<double[]> points = new ArrayList<>(); // {hours, value}
    for (Scrape s : scrapes) {
      if (s.atNanos() >= fromNanos && !Double.isNaN(s.values()[k])) {
        points.add(new double[] {s.atNanos() / 3.6e12, s.values()[k]});
      }
    }
    int n = points.size();
    if (n == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double first = points.get(0)[1];
    double last = points.get(n - 1)[1];
    double min = points.stream().mapToDouble(p -> p[1]).min().orElse(Double.NaN);
    double max = points.stream().mapToDouble(p -> p[1]).max().orElse(Double.NaN);
    double hours = points.get(n - 1)[0] - points.get(0)[0];
    double growth = n < 2 || first == 0 ? Double.NaN : slope(points) * 100 / first;
    double rate = n < 2 || hours <= 0 ? Double.NaN : (last - first) / (hours * 3600);
    return new Summary(n, first, last, min, max, growth, rate);
  }

  /** Least-squares slope of value over hours. */
  private static double slope(List<double[]> points) {
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double num = 0;
    double den = 0;
    for (double[] p : points) {
      num += (p[0] - mx) * (p[1] - my);
      den += (p[0] - mx) * (p[0] - mx);
    }
    return den == 0 ? 0 : num / den;
  }
}
