package dev.harness.engine.judge;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.ProbeResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.time.Durations;
import java.util.Locale;

/** Judges one {@link Criterion} on what was measured. Stateless. */
public final class Evaluation {
  private Evaluation() {}

  /** Judges the criterion on what was measured, without a health probe. */
  public static CriterionResult evaluate(Criterion c, Stats stats) {
    return evaluate(c, stats, null);
  }

  /**
   * Judges the criterion on what was measured; {@code probe} is the health probe's timeline, or
   * null when the run had none ({@code availability} then fails, saying it needs one).
   */
  public static CriterionResult evaluate(Criterion c, Stats stats, ProbeResult probe) {
    String expression = c.expression();
    Criterion.Op op = c.op();
    double threshold = c.threshold();
    double actual;
    String text;
    switch (c.metric()) {
      case RECOVERY -> {
        return new CriterionResult(
            expression, Double.NaN, "not measured (judged with the per-second series)", false);
      }
      case AVAILABILITY -> {
        if (probe == null) {
          // Without a probe, the fault-run analysis judges it on the seconds within the SLO.
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
                "%.3f%% (%d of %d probes ok)",
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
}
