package dev.harness.engine.judge;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Drift;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.Outage;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.Stats;
import dev.harness.engine.time.Durations;
import java.util.List;
import java.util.Locale;

/**
 * Judges one {@link Criterion} on what was measured: the one place a criterion becomes a {@link
 * CriterionResult}. Totals ({@code pNN}, {@code mean}, {@code max}, {@code rps}, {@code errors},
 * {@code statusNNN}) read the measured {@link Stats}; {@code availability} reads the health probe
 * when the run had one, else the seconds within the SLO; {@code recovery} reads the fault windows.
 * Stateless.
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Judges the criterion on {@code m}: on the measured totals, or, when it selects a request name
   * ({@code p95{name=token} < 5ms}), on that name's totals. A name the run does not have fails the
   * criterion, saying which names it has (a run spec refuses such a name before the run, so this is
   * for measurements put together otherwise).
   */
  public static CriterionResult evaluate(Criterion c, Measurements m, Resilience seconds) {
    if (c.name() == null || c.isTarget()) {
      return evaluate(c, m.measured(), m.probe(), seconds);
    }
    List<String> names = m.requests().stream().map(RequestResult::name).toList();
    for (RequestResult r : m.requests()) {
      if (r.name().equals(c.name())) {
        return evaluate(c, r.stats(), null, null);
      }
    }
    return new CriterionResult(c.expression(), Double.NaN, c.unknownNameIn(names), false);
  }

  /** Judges the criterion on what was measured, without a health probe. */
  public static CriterionResult evaluate(Criterion c, Stats stats) {
    return evaluate(c, stats, null, null);
  }

  /**
   * Judges the criterion on what was measured; {@code probe} is the health probe's timeline, or
   * null when the run had none; {@code seconds} the seconds judged against the SLO and the faults'
   * recovery, or null for a run that asked for no resilience figures ({@code recovery}, and {@code
   * availability} without a probe, then fail, saying what they need).
   */
  public static CriterionResult evaluate(
      Criterion c, Stats stats, ProbeResult probe, Resilience seconds) {
    String expression = c.expression();
    Criterion.Op op = c.op();
    double threshold = c.threshold();
    double actual;
    String text;
    switch (c.metric()) {
      case RECOVERY -> {
        if (seconds != null) {
          return recovery(c, seconds);
        }
        return new CriterionResult(
            expression, Double.NaN, "not measured (judged with the per-second series)", false);
      }
      case AVAILABILITY -> {
        if (probe == null && seconds != null) {
          return availability(c, seconds);
        }
        if (probe == null) {
          return new CriterionResult(
              expression,
              Double.NaN,
              "not measured (needs --probe URL, health: in the scenario, or an SLO run)",
              false);
        }
        long polls = probe.measuredPolls();
        actual = polls == 0 ? Double.NaN : probe.availability() * 100;
        text =
            String.format(
                Locale.ROOT,
                "%.3f%% of the time (%d of %d probes ok)",
                polls == 0 ? 0.0 : actual,
                probe.measuredOk(),
                polls);
        return new CriterionResult(
            expression, actual, text, polls > 0 && op.holds(actual, threshold));
      }
      case PERCENTILE, MEAN, MAX -> {
        double nanos =
            switch (c.metric()) {
              case PERCENTILE -> stats.response().getValueAtPercentile(c.percentile());
              case MEAN -> stats.response().getMean();
              default -> stats.response().getMaxValue();
            };
        boolean held = op.holds(nanos, threshold);
        actual = nanos / Durations.unitNanos(c.unit());
        text = Durations.format(Math.round(nanos));
        return new CriterionResult(
            expression, actual, text, held && stats.response().getTotalCount() > 0);
      }
      case STATUS -> {
        return status(c, stats);
      }
      case DRIFT_P99, DRIFT_RPS -> {
        return new CriterionResult(
            expression, Double.NaN, "not measured (judged on the per-second series)", false);
      }
      case TARGET_MEMORY_GROWTH, TARGET_CPU, TARGET_METRIC -> {
        return new CriterionResult(
            expression, Double.NaN, "not measured (judged on the target's metrics)", false);
      }
      case RPS -> {
        actual = stats.achievedRate();
        text = String.format(Locale.ROOT, "%.1f/s", actual);
      }
      default -> {
        if (c.percent()) {
          actual = stats.errorRatio() * 100;
          text =
              String.format(
                  Locale.ROOT, "%.3f%% (%d of %d)", actual, stats.errors(), stats.requests());
        } else {
          actual = stats.errors();
          text = Long.toString(stats.errors());
        }
      }
    }
    return new CriterionResult(
        expression, actual, text, op.holds(actual, threshold) && stats.requests() > 0);
  }

  /** Answers with a status or class, as a count or a share of all requests. */
  private static CriterionResult status(Criterion c, Stats stats) {
    long n = stats.outcomes().status(c.status());
    long requests = stats.requests();
    double actual;
    String text;
    if (c.percent()) {
      actual = requests == 0 ? 0 : 100.0 * n / requests;
      text = String.format(Locale.ROOT, "%.3f%% (%d of %d)", actual, n, requests);
    } else {
      actual = n;
      text = Long.toString(n);
    }
    return new CriterionResult(
        c.expression(), actual, text, requests > 0 && c.op().holds(actual, c.threshold()));
  }

  /**
   * A drift criterion on the run's drift figures; {@code drift} null when the measured part had
   * fewer than {@link Drift#MIN_SECONDS} seconds.
   */
  public static CriterionResult drift(Criterion c, Drift drift) {
    if (drift == null) {
      return new CriterionResult(
          c.expression(),
          Double.NaN,
          "not measured (needs " + Drift.MIN_SECONDS + " measured seconds or more)",
          false);
    }
    boolean p99 = c.metric() == Criterion.Metric.DRIFT_P99;
    double actual = p99 ? drift.p99ChangePercent() : drift.rateChangePercent();
    String text =
        p99
            ? String.format(
                Locale.ROOT,
                "%+.1f%% (p99 %s -> %s, first to last tenth)",
                actual,
                Durations.format(Math.round(drift.p99FirstNanos())),
                Durations.format(Math.round(drift.p99LastNanos())))
            : String.format(
                Locale.ROOT,
                "%+.1f%% (%.1f/s -> %.1f/s, first to last tenth)",
                actual,
                drift.rateFirst(),
                drift.rateLast());
    return new CriterionResult(
        c.expression(), actual, text, !Double.isNaN(actual) && c.op().holds(actual, c.threshold()));
  }

  private static String outageText(Resilience res) {
    int n = res.outages().size();
    boolean probe = Outage.PROBE.equals(res.outages().get(0).source());
    return " ("
        + n
        + (n == 1 ? " outage" : " outages")
        + (probe ? " of the probe" : "")
        + ", no fault injected)";
  }

  /** Availability as the share of the measured seconds that met the SLO. */
  private static CriterionResult availability(Criterion c, Resilience res) {
    double pct = res.availability() * 100;
    String text =
        res.secondsJudged() == 0
            ? "no second judged"
            : String.format(
                Locale.ROOT,
                "%.2f%% (%d of %d s)",
                pct,
                res.secondsWithinSlo(),
                res.secondsJudged());
    return new CriterionResult(
        c.expression(), pct, text, res.secondsJudged() > 0 && c.op().holds(pct, c.threshold()));
  }

  /**
   * Recovery as the longest over the fault windows; in a run without faults, over the outages
   * nobody injected.
   */
  private static CriterionResult recovery(Criterion c, Resilience res) {
    boolean outages = res.faults().isEmpty() && !res.outages().isEmpty();
    if (res.faults().isEmpty() && !outages) {
      return new CriterionResult(c.expression(), Double.NaN, "no fault in the run", false);
    }
    long worst = outages ? res.worstOutageRecoveryNanos() : res.worstRecoveryNanos();
    if (worst == FaultImpact.NOT_RECOVERED) {
      return new CriterionResult(
          c.expression(), Double.POSITIVE_INFINITY, "not recovered before the end", false);
    }
    return new CriterionResult(
        c.expression(),
        worst / Durations.unitNanos(c.unit()),
        Durations.format(worst) + (outages ? outageText(res) : ""),
        c.op().holds(worst, c.threshold()));
  }
}
