package dev.harness.engine.model;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A success criterion such as {@code p99 < 5ms}, {@code rps >= 10000}, {@code errors < 0.1%},
 * {@code errors == 0}, {@code recovery < 5m} or {@code status429 >= 40%}. Latency metrics ({@code
 * pNN}, {@code mean}, {@code max}) read the response-time histogram, measured from the intended
 * start. Status metrics ({@code status429}, {@code status5xx}) count the answers with that status
 * or class, expected or not: a count, or with {@code %} a share of the requests.
 *
 * <p>{@code ==} and {@code !=} compare exactly, on every metric: they are meant for counts ({@code
 * errors == 0}). On a latency or a rate they compare the measured value (a latency in nanoseconds
 * as the histogram reports it, rounded to its precision) with the bound as written, so {@code p99
 * == 5ms} seldom holds; they are accepted there for a uniform grammar, not refused.
 *
 * @param metric what is measured
 * @param percentile the percentile for {@link Metric#PERCENTILE}, else 0
 * @param op comparison
 * @param threshold bound, in nanoseconds for latency, per second for rps, a count or a percent
 * @param percent whether an error bound is a share of requests rather than a count
 * @param unit the latency unit the user wrote, used to show the actual value
 * @param status for {@link Metric#STATUS}: the status code ({@code 429}) or class ({@code 4xx})
 *     counted; else null
 * @param name the request name the criterion is judged on ({@code p95{name=token} < 5ms}), or null
 *     for the whole run
 * @param overNanos for an abort condition written with {@code over} ({@code errors > 10% over
 *     10s}): the sliding window of the per-second series it is judged on, whole seconds; 0 for no
 *     window (everything measured so far, or the measured totals)
 */
public record Criterion(
    Metric metric,
    double percentile,
    Op op,
    double threshold,
    boolean percent,
    String unit,
    String status,
    String name,
    long overNanos) {

  /** What a criterion measures. */
  public enum Metric {
    PERCENTILE,
    MEAN,
    MAX,
    RPS,
    ERRORS,
    /** Longest time from the end of a fault until a second met the SLO again (resilience). */
    RECOVERY,
    /**
     * In percent: the share of the health probe's polls in the measured window that succeeded when
     * the run has a probe; otherwise the share of the measured seconds that met the SLO.
     */
    AVAILABILITY,
    /**
     * Answers with one status or status class ({@code status429}, {@code status5xx}): a count, or
     * in percent a share of the requests.
     */
    STATUS,
    /** Change of the p99 from the first to the last tenth of the measured seconds, percent. */
    DRIFT_P99,
    /** Change of the achieved rate from the first to the last tenth, percent. */
    DRIFT_RPS,
    /**
     * The target's resident memory growth in percent per hour: the least-squares slope of {@code
     * process_resident_memory_bytes} over the measured part, relative to its first value.
     */
    TARGET_MEMORY_GROWTH,
    /** The target's CPU in percent of one core: the rate of {@code process_cpu_seconds_total}. */
    TARGET_CPU,
    /** The last value of one of the target's series, {@link #name} the series. */
    TARGET_METRIC
  }

  /** A comparison. */
  public enum Op {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    /** Exactly equal; meant for counts such as {@code errors == 0}. */
    EQ("=="),
    /** Not exactly equal. */
    NE("!=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean holds(double actual, double bound) {
      return switch (this) {
        case LT -> actual < bound;
        case LE -> actual <= bound;
        case GT -> actual > bound;
        case GE -> actual >= bound;
        case EQ -> actual == bound;
        case NE -> actual != bound;
      };
    }

    static Op parse(String s) {
      for (Op op : values()) {
        if (op.symbol.equals(s)) {
          return op;
        }
      }
      throw new IllegalArgumentException(s);
    }
  }

  private static final Pattern FORM =
      Pattern.compile(
          "\\s*([a-z][a-z0-9.]*)\\s*(<=|>=|==|!=|<|>)\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*([a-zµ%/]*)\\s*");
  private static final Pattern PERCENTILE = Pattern.compile("p([0-9]{1,2}(?:\\.[0-9]+)?|100)");
  private static final Pattern STATUS = Pattern.compile("status([1-5][0-9][0-9]|[2-5]xx)");
  private static final Pattern OVER = Pattern.compile("(?i)^(.*?)\\s+over\\s+(\\S+)\\s*$");

  /** A criterion without a window. */
  public Criterion(
      Metric metric,
      double percentile,
      Op op,
      double threshold,
      boolean percent,
      String unit,
      String status,
      String name) {
    this(metric, percentile, op, threshold, percent, unit, status, name, 0);
  }

  /** A criterion on the whole run, on anything but a status. */
  public Criterion(
      Metric metric, double percentile, Op op, double threshold, boolean percent, String unit) {
    this(metric, percentile, op, threshold, percent, unit, null, null);
  }

  public Criterion {
    if (metric == Metric.PERCENTILE && !(percentile > 0 && percentile <= 100)) {
      throw new InvalidInputException("percentile must be in (0, 100]: " + percentile);
    }
    if (name != null && (metric == Metric.RECOVERY || metric == Metric.AVAILABILITY)) {
      throw new InvalidInputException(
          metricName(metric, percentile) + " is measured for the whole run, not per request name");
    }
    if (name != null && (metric == Metric.TARGET_MEMORY_GROWTH || metric == Metric.TARGET_CPU)) {
      throw new InvalidInputException(
          metricName(metric, percentile)
              + " is measured for the whole target; select a series with target.metric{name=...}");
    }
    if (name != null && (metric == Metric.DRIFT_P99 || metric == Metric.DRIFT_RPS)) {
      throw new InvalidInputException(
          metricName(metric, percentile) + " is measured for the whole run, not per request name");
    }
    if (overNanos < 0 || overNanos % 1_000_000_000L != 0) {
      throw new InvalidInputException(
          "an 'over' window is whole seconds of the per-second series, e.g. 'over 10s'");
    }
    if (overNanos > 0
        && (metric == Metric.RECOVERY
            || metric == Metric.AVAILABILITY
            || metric == Metric.DRIFT_P99
            || metric == Metric.DRIFT_RPS
            || isTarget(metric))) {
      throw new InvalidInputException(
          metricName(metric, percentile) + " is known only at the end, not over a window");
    }
  }

  /**
   * Parses a criterion; anything it cannot read is an {@link InvalidInputException} that quotes the
   * text and says what would be valid.
   */
  public static Criterion parse(String text) {
    Matcher over = text == null ? null : OVER.matcher(text);
    if (over != null && over.matches()) {
      long window = Durations.parseNanos(over.group(2), "criterion '" + text + "': over");
      if (window < 1_000_000_000L || window % 1_000_000_000L != 0) {
        throw new InvalidInputException(
            "criterion '"
                + text
                + "': the window is whole seconds of the per-second series, at least 1s");
      }
      try {
        return parse(over.group(1)).over(window);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            e.getMessage().startsWith("criterion '")
                ? e.getMessage()
                : "criterion '" + text + "': " + e.getMessage());
      }
    }
    NameSelector selector = NameSelector.split(text);
    String where = "criterion '" + text + "'";
    if (selector == null) {
      Criterion c = parseRunWide(text, where);
      if (c.metric == Metric.TARGET_METRIC) {
        throw new InvalidInputException(
            where
                + ": select the series, e.g. 'target.metric{name=jvm_threads_live_threads} < 200'");
      }
      return c;
    }
    Criterion c = parseRunWide(selector.rest(), where);
    try {
      return c.named(selector.name());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("criterion '" + text + "': " + e.getMessage());
    }
  }

  /**
   * Why this criterion cannot be judged on a run with these request names (it selects a name that
   * is not among them), or null when it can.
   */
  public String unknownNameIn(List<String> names) {
    return NameSelector.unknownName(this, names);
  }

  /** This criterion judged on request {@code name} only. */
  public Criterion named(String name) {
    return new Criterion(metric, percentile, op, threshold, percent, unit, status, name, overNanos);
  }

  /** This criterion judged on a sliding window of {@code nanos} (whole seconds) of the series. */
  public Criterion over(long nanos) {
    return new Criterion(metric, percentile, op, threshold, percent, unit, status, name, nanos);
  }

  /** Whether it is judged on a sliding window ({@code over 10s}). */
  public boolean windowed() {
    return overNanos > 0;
  }

  private static Criterion parseRunWide(String text, String where) {
    Matcher m = FORM.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidInputException(
          where
              + ": expected METRIC OP VALUE with OP one of < <= > >= == !=,"
              + " e.g. 'p99 < 5ms', 'rps >= 1000', 'errors == 0'");
    }
    String name = m.group(1);
    Op op = Op.parse(m.group(2));
    double value = Double.parseDouble(m.group(3));
    String unit = m.group(4);
    if (value < 0 && !name.startsWith("drift.")) {
      throw new InvalidInputException(where + ": a bound cannot be negative (only a drift can)");
    }
    switch (name) {
      case "target.memory.growth", "target.cpu", "target.metric":
        return TargetCriterion.parse(where, name, op, value, unit);
      case "drift.p99", "drift.rps":
        if (!unit.equals("%")) {
          throw new InvalidInputException(
              where
                  + ": a drift is a change in percent, e.g. 'drift.p99 < 20%', 'drift.rps > -5%'");
        }
        return new Criterion(
            name.equals("drift.p99") ? Metric.DRIFT_P99 : Metric.DRIFT_RPS,
            0,
            op,
            value,
            true,
            "%");
      case "rps":
        requireUnit(where, unit, "", "rps takes a plain number of requests per second");
        return new Criterion(Metric.RPS, 0, op, value, false, "");
      case "errors":
        if (unit.equals("%")) {
          if (value > 100) {
            throw new InvalidInputException(where + ": an error share cannot exceed 100%");
          }
          return new Criterion(Metric.ERRORS, 0, op, value, true, "%");
        }
        requireUnit(
            where, unit, "", "errors takes a count (errors <= 10) or a share (errors < 0.1%)");
        return new Criterion(Metric.ERRORS, 0, op, value, false, "");
      case "recovery":
        return latency(where, Metric.RECOVERY, 0, op, value, unit);
      case "availability":
        if (!unit.equals("%")) {
          throw new InvalidInputException(
              where + ": availability is a share, e.g. 'availability >= 99.9%'");
        }
        if (value > 100) {
          throw new InvalidInputException(where + ": availability cannot exceed 100%");
        }
        return new Criterion(Metric.AVAILABILITY, 0, op, value, true, "%");
      case "mean":
        return latency(where, Metric.MEAN, 0, op, value, unit);
      case "max":
        return latency(where, Metric.MAX, 0, op, value, unit);
      default:
        Matcher p = PERCENTILE.matcher(name);
        if (p.matches()) {
          return latency(where, Metric.PERCENTILE, Double.parseDouble(p.group(1)), op, value, unit);
        }
        if (name.startsWith("status")) {
          return status(where, name, op, value, unit);
        }
        throw new InvalidInputException(
            where
                + ": unknown metric '"
                + name
                + "' (known: p50, p90, p95, p99, p99.9, mean, max, rps, errors, recovery,"
                + " availability, status429, status5xx, drift.p99, drift.rps,"
                + " target.memory.growth, target.cpu, target.metric{name=...})");
    }
  }

  /** {@code status429 >= 40%} (a share of requests) or {@code status5xx == 0} (a count). */
  private static Criterion status(String where, String name, Op op, double value, String unit) {
    Matcher s = STATUS.matcher(name);
    if (!s.matches()) {
      throw new InvalidInputException(
          where
              + ": '"
              + name
              + "' names no status: write status and a code or class, e.g. status429, status5xx");
    }
    if (unit.equals("%")) {
      if (value > 100) {
        throw new InvalidInputException(where + ": a status share cannot exceed 100%");
      }
      return new Criterion(Metric.STATUS, 0, op, value, true, "%", s.group(1), null);
    }
    requireUnit(
        where,
        unit,
        "",
        name + " takes a count (" + name + " == 0) or a share (" + name + " >= 40%)");
    return new Criterion(Metric.STATUS, 0, op, value, false, "", s.group(1), null);
  }

  private static Criterion latency(
      String where, Metric metric, double pct, Op op, double value, String unit) {
    if (unit.isEmpty()) {
      throw new InvalidInputException(
          where + ": add a unit to the latency bound (ns, us, ms, s, m, h)");
    }
    if (!unit.matches("ns|us|µs|ms|s|m|h")) {
      throw new InvalidInputException(
          where + ": unknown latency unit '" + unit + "' (ns, us, ms, s, m, h)");
    }
    return new Criterion(metric, pct, op, value * Durations.unitNanos(unit), false, unit);
  }

  private static void requireUnit(String where, String unit, String expected, String hint) {
    if (!unit.equals(expected)) {
      throw new InvalidInputException(where + ": " + hint);
    }
  }

  /** Normalised text, e.g. {@code p99.9 < 5ms}. */
  public String expression() {
    String bound =
        switch (metric) {
          case PERCENTILE, MEAN, MAX, RECOVERY ->
              number(threshold / Durations.unitNanos(unit)) + unit;
          case AVAILABILITY, DRIFT_P99, DRIFT_RPS -> number(threshold) + "%";
          case RPS, TARGET_METRIC -> number(threshold);
          case TARGET_MEMORY_GROWTH -> number(threshold) + "%/h";
          case TARGET_CPU -> number(threshold) + "%";
          case ERRORS, STATUS -> number(threshold) + (percent ? "%" : "");
        };
    String text = metricName() + " " + op.symbol() + " " + bound;
    return overNanos == 0 ? text : text + " over " + overNanos / 1_000_000_000L + "s";
  }

  private String metricName() {
    String base = metric == Metric.STATUS ? "status" + status : metricName(metric, percentile);
    return name == null ? base : base + NameSelector.format(name);
  }

  private static String metricName(Metric metric, double percentile) {
    return switch (metric) {
      case PERCENTILE -> "p" + number(percentile);
      case MEAN -> "mean";
      case MAX -> "max";
      case RPS -> "rps";
      case ERRORS -> "errors";
      case RECOVERY -> "recovery";
      case AVAILABILITY -> "availability";
      case STATUS -> "status";
      case DRIFT_P99 -> "drift.p99";
      case DRIFT_RPS -> "drift.rps";
      case TARGET_MEMORY_GROWTH -> "target.memory.growth";
      case TARGET_CPU -> "target.cpu";
      case TARGET_METRIC -> "target.metric";
    };
  }

  /**
   * Whether this criterion may be judged from the per-second series after the run ({@code
   * recovery}; {@code availability} when the run has no health probe), not on the measured totals.
   */
  public boolean isResilience() {
    return metric == Metric.RECOVERY || metric == Metric.AVAILABILITY;
  }

  /** Whether it is a drift ({@code drift.p99}, {@code drift.rps}), judged on the series. */
  public boolean isDrift() {
    return metric == Metric.DRIFT_P99 || metric == Metric.DRIFT_RPS;
  }

  /**
   * Whether it reads the target's own metrics ({@code target.memory.growth}, {@code target.cpu},
   * {@code target.metric{name=...}}), judged on their timeline at the end.
   */
  public boolean isTarget() {
    return isTarget(metric);
  }

  private static boolean isTarget(Metric m) {
    return m == Metric.TARGET_MEMORY_GROWTH || m == Metric.TARGET_CPU || m == Metric.TARGET_METRIC;
  }

  /** Whether a criterion can be judged on one interval of the time series. */
  public boolean judgeablePerSecond() {
    if (name != null) {
      return false; // the per-second series holds the whole run only
    }
    return switch (metric) {
      case PERCENTILE -> percentile == 50 || percentile == 90 || percentile == 99;
      case MAX, RPS -> true;
      case ERRORS -> percent;
      default -> false;
    };
  }

  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }
}
