package dev.harness.engine.capacity;

import dev.harness.engine.judge.Judge;
import dev.harness.engine.judge.Judgement;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.result.StepVerdict;
import dev.harness.engine.result.Verdict;

/** Reduces a capacity step's run and the judge's decision on it to a {@link CapacityStep}. */
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
      long warmupNanos,
      RunResult r,
      Judgement j,
      double busy) {
    Stats m = r.measured();
    return new CapacityStep(
        number,
        stage,
        rate,
        connections,
        verdictOf(j, m),
        j.reason(),
        achieved(r, warmupNanos),
        m.requests(),
        m.errors(),
        CapacityStep.Latency.of(m.response()),
        j.criteria(),
        r.generator() == null ? 0 : r.generator().lateRatio(),
        busy);
  }

  /**
   * The judge's decision as the search reads it. An invalid step is the generator's limit when the
   * generator, not the target, is why: it fell behind while the target answered, or its loops were
   * saturated ({@link Judge#SATURATED_BUSY}) when the SLO failed. Else nothing answered.
   */
  static StepVerdict verdictOf(Judgement j, Stats measured) {
    return switch (j.verdict()) {
      case PASS -> StepVerdict.PASS;
      case FAIL -> StepVerdict.FAIL;
      case INTERRUPTED -> StepVerdict.INTERRUPTED;
      case ABORTED -> StepVerdict.FAIL; // a step has no abort condition; stopped early = failed
      case INVALID ->
          j.cause() == Judgement.Cause.GENERATOR_BUSY
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
