package dev.harness.report;

import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Two runs side by side: rate, latency percentiles and errors of the baseline and the current run,
 * the change of each, and whether each {@link RegressionBound} held. Runs of different loads (a
 * peak at twice the baseline's rate, another load model) compare too, since "peak 2x vs baseline"
 * is a question checklists ask: a note then says the loads differ, so nobody reads the change as a
 * regression of the same load. Runs of different targets compare with a note as well, unless the
 * caller is strict.
 *
 * @param baseline the earlier run
 * @param current the run under judgement
 * @param rows one per metric, in {@link #METRICS} order
 * @param notes things a reader should know (different loads or targets), one line each
 */
public record Comparison(
    RunReport baseline, RunReport current, List<Row> rows, List<String> notes) {

  /** Metrics a comparison shows and a bound may name. */
  public static final List<String> METRICS =
      List.of(
          "rps", "offered", "p50", "p90", "p95", "p99", "p99.9", "p99.99", "max", "mean", "errors");

  /** Offered rates further apart than this (relative) are different loads. */
  static final double SAME_RATE = 0.01;

  /**
   * One metric of both runs.
   *
   * @param base the baseline's value (req/s, ns, or percent for errors), null if not measured
   * @param current the current run's value
   * @param bound the bound on it, or null
   */
  public record Row(
      String metric,
      Double base,
      Double current,
      String baseText,
      String currentText,
      String changeText,
      RegressionBound bound,
      boolean exceeded) {}

  /** Compares two runs under the bounds; different targets are a note. */
  public static Comparison of(RunReport baseline, RunReport current, List<RegressionBound> bounds) {
    return of(baseline, current, bounds, false);
  }

  /**
   * Compares two runs under the bounds.
   *
   * @param strict whether runs of different targets are refused rather than noted
   * @throws InvalidInputException when strict and the targets differ
   */
  public static Comparison of(
      RunReport baseline, RunReport current, List<RegressionBound> bounds, boolean strict) {
    if (strict) {
      checkSameTarget(baseline, current.target());
    }
    List<Row> rows = new ArrayList<>();
    for (String metric : METRICS) {
      if (metric.equals("offered") && !current.open() && !baseline.open()) {
        continue;
      }
      Double b = value(baseline, metric);
      Double c = value(current, metric);
      RegressionBound bound =
          bounds.stream().filter(x -> x.metric().equals(metric)).reduce((x, y) -> y).orElse(null);
      boolean exceeded = false;
      for (RegressionBound x : bounds) {
        if (x.metric().equals(metric) && x.exceededBy(b, c)) {
          exceeded = true;
          bound = x;
        }
      }
      Function<Double, String> text = formatter(metric);
      rows.add(
          new Row(
              metric, b, c, text.apply(b), text.apply(c), change(metric, b, c), bound, exceeded));
    }
    List<String> notes = new ArrayList<>();
    String load = loadNote(baseline, current);
    if (load != null) {
      notes.add(load);
    }
    if (!baseline.target().equals(current.target())) {
      notes.add("targets differ: " + baseline.target() + " (baseline), " + current.target());
    }
    return new Comparison(baseline, current, rows, notes);
  }

  /** Whether every bound held. */
  public boolean held() {
    return rows.stream().noneMatch(Row::exceeded);
  }

  /** The rows whose bound was exceeded. */
  public List<Row> exceeded() {
    return rows.stream().filter(Row::exceeded).toList();
  }

  /** Bounds that were checked. */
  public long bounded() {
    return rows.stream().filter(r -> r.bound() != null).count();
  }

  /** One line on the outcome, e.g. {@code p99 +111.1% (bound +50%)}. */
  public String verdict() {
    if (held()) {
      return "within bounds (" + bounded() + " checked)";
    }
    List<String> parts = new ArrayList<>();
    for (Row r : exceeded()) {
      parts.add(r.metric() + " " + r.changeText() + " (bound " + r.bound().limitText() + ")");
    }
    return "regression: " + String.join(", ", parts);
  }

  /** Change in percent of the baseline; from 0 to more is +infinity. */
  static double relativeChange(double base, double current) {
    if (base == 0) {
      return current == 0 ? 0 : Double.POSITIVE_INFINITY * Math.signum(current);
    }
    return (current - base) / Math.abs(base) * 100;
  }

  private static String change(String metric, Double b, Double c) {
    if (b == null || c == null) {
      return Format.NONE;
    }
    if (metric.equals("errors")) {
      return String.format(Locale.ROOT, "%+.3fpp", c - b);
    }
    return Format.change(relativeChange(b, c));
  }

  private static Function<Double, String> formatter(String metric) {
    return switch (metric) {
      case "rps", "offered" -> v -> v == null ? Format.NONE : Format.rate(v);
      case "errors" -> v -> v == null ? Format.NONE : Format.percent(v / 100);
      default -> v -> v == null ? Format.NONE : Format.duration(Math.round(v));
    };
  }

  /** A metric of a run: req/s, nanoseconds, or percent for errors; null if not measured. */
  static Double value(RunReport r, String metric) {
    RunReport.Window m = r.measured();
    Latency l = m.response();
    return switch (metric) {
      case "rps" -> m.achievedRate();
      case "offered" -> m.offeredRate();
      case "errors" -> m.requests() == 0 ? null : m.errorRate();
      case "p50" -> nanos(l.p50());
      case "p90" -> nanos(l.p90());
      case "p95" -> nanos(l.p95());
      case "p99" -> nanos(l.p99());
      case "p99.9" -> nanos(l.p999());
      case "p99.99" -> nanos(l.p9999());
      case "max" -> nanos(l.max());
      case "mean" -> nanos(l.mean());
      default -> throw new IllegalArgumentException(metric);
    };
  }

  private static Double nanos(Long v) {
    return v == null ? null : v.doubleValue();
  }

  /**
   * Refuses runs of different targets, for {@code --strict}: checked before a run against its
   * baseline as well as when comparing.
   *
   * @param target the current run's target URL
   * @throws InvalidInputException when the targets differ
   */
  public static void checkSameTarget(RunReport baseline, String target) {
    if (!baseline.target().equals(target)) {
      throw new InvalidInputException(
          "runs not comparable (--strict): the baseline ran against "
              + baseline.target()
              + ", the current run against "
              + target);
    }
  }

  /**
   * A note when the runs offered different loads (another model, or open-model rates more than
   * {@link #SAME_RATE} apart), e.g. {@code the loads differ (1000.0/s vs 2000.0/s, +100%): changes
   * include the load}; null when the loads are the same.
   */
  static String loadNote(RunReport baseline, RunReport current) {
    String bm = baseline.config().model();
    String cm = current.config().model();
    if (!bm.equals(cm)) {
      return "the load models differ (" + bm + " vs " + cm + "): changes include the load";
    }
    if (!current.open()) {
      return null;
    }
    double b = plannedRate(baseline);
    double c = plannedRate(current);
    if (Math.abs(c - b) <= SAME_RATE * Math.max(b, c)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "the loads differ (%.1f/s vs %.1f/s, %s): changes include the load",
        b,
        c,
        b == 0 ? Format.NONE : String.format(Locale.ROOT, "%+.0f%%", relativeChange(b, c)));
  }

  /** Mean planned rate of the measured phases, per second. */
  private static double plannedRate(RunReport r) {
    double arrivals = 0;
    double seconds = 0;
    for (RunReport.PlannedPhase p : r.config().phases()) {
      if (!p.warmup() && p.rate() != null) {
        arrivals += p.rate() * p.seconds();
        seconds += p.seconds();
      }
    }
    return seconds == 0 ? 0 : arrivals / seconds;
  }
}
