package dev.harness.engine.capacity;

import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Judgement;
import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.StepVerdict;
import dev.harness.engine.result.Verdict;
import java.util.Locale;

/**
 * Reduces a capacity step's run and the judge's decision on it to a {@link CapacityStep}. A step
 * passes only if the judge passed it (every SLO held) and the target served the rate: its achieved
 * rate is within the plan's {@link CapacityPlan#rateTolerance} of the offered rate. A target that
 * queues what it cannot serve may still meet a loose latency SLO over a short step, but the rate it
 * was offered is then above what it can do.
 */
final class StepJudging {
  private StepJudging() {}

  /**
   * Reduces the result of the step's run and its judgement; {@code busy} is the generator's busy
   * share the judge was given (NaN when not measured).
   */
  static CapacityStep of(
      int number,
      CapacityStep.Stage stage,
      double rate,
      int connections,
      CapacityPlan plan,
      RunResult r,
      Judgement j,
      double busy) {
    Stats m = r.measured();
    double achieved = achieved(r, plan.warmupNanos());
    StepVerdict verdict = verdictOf(j, m);
    String reason = j.reason();
    String shortfall = shortfall(rate, achieved, plan.rateTolerance());
    if (shortfall != null && verdict == StepVerdict.PASS && busy >= Judge.SATURATED_BUSY) {
      // Short of the rate with the generator's loops saturated: the generator's limit, as the
      // judge decides for a failed SLO.
      verdict = StepVerdict.GENERATOR_LIMIT;
      reason = shortfall.replace("the target's throughput limit", "the generator's limit");
    } else if (shortfall != null && (verdict == StepVerdict.PASS || verdict == StepVerdict.FAIL)) {
      verdict = StepVerdict.FAIL;
      reason = reason == null ? shortfall : reason + "; " + shortfall;
    }
    return new CapacityStep(
        number,
        stage,
        rate,
        connections,
        verdict,
        reason,
        achieved,
        m.requests(),
        m.errors(),
        CapacityStep.Latency.of(m.response(), plan.sloPercentiles()),
        j.criteria(),
        r.generator() == null ? 0 : r.generator().lateRatio(),
        busy);
  }

  /**
   * Why the target did not serve the offered rate: the achieved rate is more than {@code tolerance}
   * (a ratio) below it; null when it is within.
   */
  static String shortfall(double offered, double achieved, double tolerance) {
    if (!(offered > 0) || achieved >= offered * (1 - tolerance)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "achieved %.1f/s, %.1f%% below the offered %.1f/s (tolerance %s%%): the target's"
            + " throughput limit",
        achieved,
        (1 - achieved / offered) * 100,
        offered,
        tolerance * 100 == Math.rint(tolerance * 100)
            ? Long.toString(Math.round(tolerance * 100))
            : Double.toString(tolerance * 100));
  }

  /**
   * The judge's decision as the search reads it. An invalid step is the generator's limit when the
   * generator, not the target, is why: it fell behind while the target answered, its loops were
   * saturated ({@link Judge#SATURATED_BUSY}) when the SLO failed, or it could not go on (out of
   * memory or file descriptors). Else nothing answered.
   */
  static StepVerdict verdictOf(Judgement j, Stats measured) {
    return switch (j.verdict()) {
      case PASS -> StepVerdict.PASS;
      case FAIL -> StepVerdict.FAIL;
      case INTERRUPTED -> StepVerdict.INTERRUPTED;
      case ABORTED -> StepVerdict.FAIL; // a step has no abort condition; stopped early = failed
      case INVALID ->
          j.cause() == Judgement.Cause.GENERATOR_BUSY
                  || j.cause() == Judgement.Cause.GENERATOR_FAILED
                  || (j.generatorBehind() && measured.outcomes().responses() > 0)
              ? StepVerdict.GENERATOR_LIMIT
              : StepVerdict.NO_ANSWER;
    };
  }

  /**
   * Answers per second over the whole seconds of the time series that lie inside the measured part.
   * The run's own achieved rate also counts answers that came in while it drained, which hides
   * saturation: every arrival is answered in the end, only later.
   */
  static double achieved(RunResult r, long warmupNanos) {
    long end = r.spec().durationNanos();
    long slack = 100_000_000L; // a sample is taken a little after its second ends
    long answers = 0;
    long nanos = 0;
    for (IntervalStats i : r.intervals()) {
      boolean inside =
          i.startNanos() >= warmupNanos - slack
              && i.startNanos() < end - slack
              && i.endNanos() <= end + slack;
      if (inside) {
        answers += i.outcomes().responses();
        nanos += i.endNanos() - i.startNanos();
      }
    }
    if (nanos < 500_000_000L || r.verdict() == Verdict.INTERRUPTED) {
      return r.measured().achievedRate(); // too short a window for the time series to tell
    }
    return answers * 1e9 / nanos;
  }
}
