package dev.harness.engine.model;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The target's own metrics, read during the run: one GET of {@code url} (a Prometheus text
 * exposition endpoint, as Spring, Micrometer, Node and Go services expose) every {@code
 * intervalNanos} on a connection of its own, never counted as load. Each scrape records the value
 * of every chosen series. Made with {@link #of}.
 *
 * @param url the metrics URL, e.g. {@code http://127.0.0.1:8080/metrics}
 * @param intervalNanos time between the starts of two scrapes
 * @param timeoutNanos how long one scrape may take: the interval, within {@link #MIN_TIMEOUT_NANOS}
 *     and {@link #MAX_TIMEOUT_NANOS}
 * @param series the metric names recorded: {@link #DEFAULT_SERIES} first, then the ones asked for,
 *     each once
 */
public record TargetMetricsSpec(
    Target url, long intervalNanos, long timeoutNanos, List<String> series) {

  /** The resident memory series, what {@code target.memory.growth} reads. */
  public static final String MEMORY = "process_resident_memory_bytes";

  /** The CPU time counter, what {@code target.cpu} reads. */
  public static final String CPU = "process_cpu_seconds_total";

  /** Recorded on every run with target metrics. */
  public static final List<String> DEFAULT_SERIES = List.of(MEMORY, CPU);

  public static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;

  /** Scrapes closer than this would be load on the target, not a look at it. */
  public static final long MIN_INTERVAL_NANOS = 100_000_000L;

  /**
   * A scrape may take this long however short the interval: the first request of a JVM's HTTP
   * client alone can take some hundred milliseconds. The next scrape waits for a slow one.
   */
  public static final long MIN_TIMEOUT_NANOS = 1_000_000_000L;

  /** A scrape slower than this counts as failed, however long the interval. */
  public static final long MAX_TIMEOUT_NANOS = 2_000_000_000L;

  /** A Prometheus metric name. */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  public TargetMetricsSpec {
    if (url == null) {
      throw new InvalidInputException("target-metrics: url is missing");
    }
    if (intervalNanos < MIN_INTERVAL_NANOS) {
      throw new InvalidInputException(
          "target-metrics-interval must be at least "
              + Durations.format(MIN_INTERVAL_NANOS)
              + ", got "
              + Durations.format(intervalNanos));
    }
    if (timeoutNanos <= 0) {
      throw new InvalidInputException("target-metrics: timeout must be positive");
    }
    List<String> all = new ArrayList<>(DEFAULT_SERIES);
    for (String s : series) {
      if (s == null || !NAME.matcher(s).matches()) {
        throw new InvalidInputException(
            "target-metric '"
                + s
                + "' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), e.g."
                + " jvm_threads_live_threads");
      }
      if (!all.contains(s)) {
        all.add(s);
      }
    }
    series = List.copyOf(all);
  }

  /**
   * Scrapes of {@code url} every {@code intervalNanos}, recording the default series and {@code
   * extra}; the timeout is the interval, within {@link #MIN_TIMEOUT_NANOS} and {@link
   * #MAX_TIMEOUT_NANOS}.
   */
  public static TargetMetricsSpec of(String url, long intervalNanos, List<String> extra) {
    Target t;
    try {
      t = Target.parse(url);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("target-metrics: " + e.getMessage());
    }
    if (t.https()) {
      throw new InvalidInputException(
          "target-metrics: https is not supported for the metrics scrape yet: " + url);
    }
    return new TargetMetricsSpec(
        t,
        intervalNanos,
        Math.min(Math.max(intervalNanos, MIN_TIMEOUT_NANOS), MAX_TIMEOUT_NANOS),
        extra);
  }

  /**
   * Refuses a run whose criteria read the target's metrics when it scrapes none, or that name a
   * series it does not record; called once every source of the run (flags, file) is applied.
   *
   * @throws InvalidInputException naming the criterion, in one line
   */
  public static void check(RunSpec spec) {
    for (Criterion c : spec.criteria()) {
      if (!c.isTarget()) {
        continue;
      }
      TargetMetricsSpec t = spec.targetMetrics();
      if (t == null) {
        throw new InvalidInputException(
            "criterion '"
                + c.expression()
                + "' reads the target's metrics: add --target-metrics URL (or targetMetrics:"
                + " in the scenario)");
      }
      if (c.name() != null && !t.series().contains(c.name())) {
        throw new InvalidInputException(
            "criterion '"
                + c.expression()
                + "': series '"
                + c.name()
                + "' is not recorded (recorded: "
                + String.join(", ", t.series())
                + "; add --target-metric "
                + c.name()
                + ")");
      }
    }
  }
}
