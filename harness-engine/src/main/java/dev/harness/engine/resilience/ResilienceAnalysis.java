package dev.harness.engine.resilience;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Turns a finished run into its judged, resilient form: each second against the SLO, availability,
 * each fault's impact and recovery, the {@code recovery} and {@code availability} criteria, and the
 * verdict they lead to. Stateless.
 */
public final class ResilienceAnalysis {
  private ResilienceAnalysis() {}

  /**
   * @param spec the run as asked for (its target, not the proxy's)
   * @param raw the run's result
   * @param windowHistogram response times during fault window {@code i}
   * @param abort the abort condition that stopped the run, or null
   */
  public static RunResult judge(
      RunSpec spec, RunResult raw, IntFunction<Histogram> windowHistogram, Resilience.Abort abort) {
    ResilienceSpec rs = spec.resilience();
    Slo slo = Slo.of(rs, spec.criteria());
    List<IntervalStats> intervals = raw.intervals();
    long from = spec.warmupNanos();
    long to = from + raw.measured().durationNanos();
    List<Boolean> within = new ArrayList<>();
    long judged = 0;
    long met = 0;
    for (IntervalStats i : intervals) {
      long start = Recovery.onGrid(i.startNanos());
      if (start < from || start >= to) {
        within.add(null);
        continue;
      }
      boolean ok = slo.meets(i);
      within.add(ok);
      judged++;
      met += ok ? 1 : 0;
    }
    List<FaultImpact> faults = new ArrayList<>();
    for (int w = 0; w < rs.faults().size(); w++) {
      faults.add(impact(rs.faults().get(w), intervals, slo, windowHistogram.apply(w), to));
    }
    Resilience res =
        new Resilience(slo.expressions(), slo.source(), within, judged, met, faults, abort);

    List<CriterionResult> criteria = new ArrayList<>();
    for (int c = 0; c < spec.criteria().size(); c++) {
      Criterion criterion = spec.criteria().get(c);
      // With a health probe, availability is the probe's share of good polls, judged by the run.
      boolean bySeconds =
          criterion.isResilience()
              && !(criterion.metric() == Criterion.Metric.AVAILABILITY && raw.probe() != null);
      criteria.add(bySeconds ? evaluate(criterion, res) : raw.criteria().get(c));
    }
    Verdict verdict = raw.verdict();
    String reason = raw.reason();
    if (abort != null && verdict == Verdict.INTERRUPTED) {
      verdict = Verdict.ABORTED;
      reason =
          "aborted after "
              + Durations.format(abort.atNanos())
              + ": '"
              + abort.criterion()
              + "' held (actual "
              + abort.actualText()
              + "); the results cover the part that ran";
    } else if (verdict == Verdict.PASS || verdict == Verdict.FAIL) {
      long failed = criteria.stream().filter(r -> !r.passed()).count();
      verdict = failed == 0 ? Verdict.PASS : Verdict.FAIL;
      reason = failed == 0 ? null : failed + " of " + criteria.size() + " criteria failed";
      String rawReason = raw.reason();
      int early = rawReason == null ? -1 : rawReason.indexOf("arrivals ended after");
      if (early >= 0) {
        // The run's own note that the scenario ended its arrivals early (a feeder ran out).
        reason =
            reason == null
                ? rawReason.substring(early)
                : reason + "; " + rawReason.substring(early);
      }
    }
    return new RunResult(
        spec,
        raw.startedAt(),
        verdict,
        reason,
        raw.phases(),
        raw.measured(),
        intervals,
        raw.generator(),
        criteria,
        raw.requests(),
        res,
        raw.probe());
  }

  private static FaultImpact impact(
      FaultWindow w, List<IntervalStats> intervals, Slo slo, Histogram response, long runEnd) {
    OutcomeCounts outcomes = OutcomeCounts.empty();
    for (IntervalStats i : intervals) {
      if (WindowRecorder.overlaps(i, w)) {
        outcomes = outcomes.plus(i.outcomes());
      }
    }
    long recovery =
        w.endNanos() >= runEnd
            ? FaultImpact.NOT_RECOVERED // still on when the run ended
            : Recovery.after(intervals, slo, w.endNanos(), runEnd);
    return new FaultImpact(
        w.atNanos(),
        w.forNanos(),
        w.fault().text(),
        w.fault().kind().label(),
        outcomes.total(),
        outcomes.errors(),
        outcomes,
        response,
        recovery);
  }

  /** Judges a {@code recovery} or {@code availability} criterion. */
  static CriterionResult evaluate(Criterion c, Resilience res) {
    if (c.metric() == Criterion.Metric.AVAILABILITY) {
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
    if (res.faults().isEmpty()) {
      return new CriterionResult(c.expression(), Double.NaN, "no fault in the run", false);
    }
    long worst = res.worstRecoveryNanos();
    if (worst == FaultImpact.NOT_RECOVERED) {
      return new CriterionResult(
          c.expression(), Double.POSITIVE_INFINITY, "not recovered before the end", false);
    }
    return new CriterionResult(
        c.expression(),
        worst / Durations.unitNanos(c.unit()),
        Durations.format(worst),
        c.op().holds(worst, c.threshold()));
  }
}
