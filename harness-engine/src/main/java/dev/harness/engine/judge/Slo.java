package dev.harness.engine.judge;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import java.util.List;
import java.util.Map;

/**
 * What one second of the run must meet to count as available, and what recovery waits for. The
 * rule, in order:
 *
 * <ol>
 *   <li>the SLO given explicitly ({@code --slo}, a scenario's {@code slo:});
 *   <li>else the run's criteria that can be judged on one second: {@code p50}, {@code p90}, {@code
 *       p99}, {@code max}, {@code rps}, and {@code errors} as a share;
 *   <li>else {@code errors < 1%}.
 * </ol>
 *
 * <p>A second meets the SLO when every criterion holds on that second's interval; a criterion with
 * a window ({@code p99 < 50ms over 30s}) holds on the sliding window of measured seconds that ends
 * with that second. A second (or window) in which nothing completed does not meet it: there is no
 * evidence that anything was served.
 *
 * <p>Immutable and thread-safe.
 */
public final class Slo {
  /** Used when neither an SLO nor a judgeable criterion was given. */
  public static final String DEFAULT = "errors < 1%";

  private final List<Criterion> criteria;
  private final String source;

  private Slo(List<Criterion> criteria, String source) {
    this.criteria = List.copyOf(criteria);
    this.source = source;
  }

  /** The SLO of a run, by the rule above. */
  public static Slo of(ResilienceSpec resilience, List<Criterion> runCriteria) {
    if (!resilience.slo().isEmpty()) {
      return new Slo(resilience.slo(), "slo");
    }
    List<Criterion> judgeable = runCriteria.stream().filter(Criterion::judgeablePerSecond).toList();
    if (!judgeable.isEmpty()) {
      return new Slo(judgeable, "criteria");
    }
    return new Slo(List.of(Criterion.parse(DEFAULT)), "default");
  }

  /**
   * An SLO of exactly these criteria, each of which must be {@link Criterion#judgeablePerSecond}.
   */
  public static Slo of(List<Criterion> criteria) {
    return new Slo(criteria, "slo");
  }

  public List<Criterion> criteria() {
    return criteria;
  }

  /** Where it came from: {@code slo}, {@code criteria} or {@code default}. */
  public String source() {
    return source;
  }

  /** The criteria as text, e.g. {@code [p99 < 50ms, errors < 1%]}. */
  public List<String> expressions() {
    return criteria.stream().map(Criterion::expression).toList();
  }

  /**
   * Whether this interval meets every criterion; a criterion with a window ({@code over 30s}) is
   * judged on this second alone.
   */
  public boolean meets(IntervalStats i) {
    for (Criterion c : criteria) {
      if (!holds(c, i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether second {@code k} of {@code intervals} meets every criterion: a criterion with a window
   * ({@code p99 < 50ms over 30s}) on the window that ends with that second, from {@code windows}
   * (by window length, aligned with {@code intervals}; see {@link Measurements#sloWindows}), else
   * on the second alone; the others on the second.
   */
  public boolean meets(
      List<IntervalStats> intervals, int k, Map<Long, List<IntervalStats>> windows) {
    for (Criterion c : criteria) {
      List<IntervalStats> series = c.windowed() ? windows.get(c.overNanos()) : null;
      IntervalStats judged = series != null && k < series.size() ? series.get(k) : intervals.get(k);
      if (!holds(c, judged)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} holds on {@code i}; nothing completed is no evidence of service. */
  private static boolean holds(Criterion c, IntervalStats i) {
    OutcomeCounts o = i.outcomes();
    boolean latency = o.responses() + o.get(Outcome.TIMEOUT) > 0;
    double actual;
    switch (c.metric()) {
      case PERCENTILE -> {
        if (!latency) {
          return false;
        }
        actual =
            c.percentile() == 50
                ? i.responseP50()
                : c.percentile() == 90 ? i.responseP90() : i.responseP99();
      }
      case MAX -> {
        if (!latency) {
          return false;
        }
        actual = i.responseMax();
      }
      case RPS -> actual = i.achievedRate();
      case ERRORS -> {
        if (o.total() == 0) {
          return false;
        }
        actual = 100.0 * o.errors() / o.total();
      }
      default -> throw new IllegalStateException("not judgeable per second: " + c.expression());
    }
    return c.op().holds(actual, c.threshold());
  }
}
