package dev.harness.report;

import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Two runs side by side: rate, latency percentiles and errors of the baseline and the current run,
 * the change of each, and whether each {@link RegressionBound} held. Runs compare only when they
 * offered the same load: a different load model or rate makes every latency change meaningless, so
 * that is refused.
 *
 * @param baseline the earlier run
 * @param current the run under judgement
 * @param rows one per metric, in {@link #METRICS} order
 * @param notes things a reader should know (different targets, an invalid run), one line each
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

  /**
   * Compares two runs under the bounds.
   *
   * @throws InvalidInputException when the runs did not offer the same load
   */
  public static Comparison of(RunReport baseline, RunReport current, List<RegressionBound> bounds) {
    checkComparable(baseline, current);
    List<Row> rows = new ArrayList<>();
    for (String metric : METRICS) {
      if (metric.equals("offered") && !current.open()) {
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

  private static void checkComparable(RunReport baseline, RunReport current) {
    checkComparable(baseline, current.config().model(), plannedRate(current));
  }

  /**
   * Checks, before a run, that it will be comparable with the baseline.
   *
   * @param model the coming run's load model, {@code open} or {@code closed}
   * @param plannedRate the mean rate its measured phases will offer (per second; open model)
   * @throws InvalidInputException when the loads differ
   */
  public static void checkComparable(RunReport baseline, String model, double plannedRate) {
    if (!baseline.config().model().equals(model)) {
      throw new InvalidInputException(
          "runs not comparable: the baseline ran the "
              + baseline.config().model()
              + " model, the current run the "
              + model
              + " model");
    }
    if (model.equals("open")) {
      double b = plannedRate(baseline);
      if (Math.abs(plannedRate - b) > SAME_RATE * Math.max(b, plannedRate)) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "runs not comparable: the baseline offered %.1f/s, the current run %.1f/s;"
                    + " latency at different loads says nothing about a regression",
                b,
                plannedRate));
      }
    }
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
