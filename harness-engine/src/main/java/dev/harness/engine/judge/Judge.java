package dev.harness.engine.judge;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Drift;
import dev.harness.engine.result.GeneratorHealth;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.WorkerRestart;
import dev.harness.engine.time.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one judging step every kind of run goes through (a plain run, a fault drill, a capacity step,
 * merged shards): evaluates every criterion on the measurements and decides the verdict and its
 * reason. The questions, in order:
 *
 * <ol>
 *   <li>the generator could not go on (out of memory, file descriptors): {@code invalid};
 *   <li>stopped from outside: {@code interrupted}, or {@code aborted} when an abort condition held;
 *   <li>a worker gave up, nothing answered, or the generator fell behind its schedule: {@code
 *       invalid}, the numbers do not describe the target;
 *   <li>else the criteria: {@code pass} or {@code fail}; a failure while the generator's loops were
 *       saturated ({@link #SATURATED_BUSY}), or one that held in every second the generator had
 *       time to spare ({@link GeneratorLimit}), is {@code invalid} instead.
 * </ol>
 *
 * <pre>{@code
 * Judgement j = Judge.judge(Rules.plain(spec), measurements);
 * }</pre>
 *
 * <p>Stateless; pure: the same measurements give the same judgement.
 */
public final class Judge {
  /**
   * From this share of one core per worker, the generator's event loops are saturated: a failure
   * measured then includes the generator's own backlog and cannot be blamed on the target.
   */
  public static final double SATURATED_BUSY = 0.9;

  private Judge() {}

  /** Judges {@code m} by {@code rules}. */
  public static Judgement judge(Rules rules, Measurements m) {
    Resilience seconds =
        rules.drill()
            ? Seconds.judge(
                Slo.of(rules.resilience(), rules.criteria()),
                rules.resilience(),
                m,
                rules.warmupNanos())
            : null;
    List<CriterionResult> criteria = new ArrayList<>();
    for (Criterion c : rules.criteria()) {
      criteria.add(
          c.isTarget()
              ? TargetCriteria.evaluate(c, m.target(), rules.warmupNanos())
              : c.isDrift()
                  ? Evaluation.drift(c, drift(rules, m))
                  : Evaluation.evaluate(c, m, seconds));
    }
    GeneratorHealth generator = m.generator();
    boolean behind = generator != null && !generator.heldSchedule();
    Ending ending = m.ending();
    String early =
        ending.endedEarly() == null
            ? null
            : "arrivals ended after "
                + Durations.format(ending.atNanos())
                + ": "
                + ending.endedEarly();
    Judgement.Cause cause;
    String reason;
    if (ending.generatorFailure() != null && (generator == null || !generator.workerGaveUp())) {
      cause = Judgement.Cause.GENERATOR_FAILED;
      reason = ending.generatorFailure();
    } else if (ending.interrupted()) {
      cause = m.abort() == null ? Judgement.Cause.INTERRUPTED : Judgement.Cause.ABORTED;
      reason = m.abort() == null ? interrupted(ending) : aborted(m.abort());
    } else if (generator != null && generator.workerGaveUp()) {
      cause = Judgement.Cause.WORKER_GAVE_UP;
      reason = gaveUp(generator.restarts());
    } else if (m.measured().outcomes().responses() == 0) {
      cause = Judgement.Cause.NO_ANSWER;
      reason =
          "the target never answered in the measured window ("
              + failures(m.measured().outcomes())
              + (m.lastConnectError() == null
                  ? ""
                  : "; last connect error: " + m.lastConnectError())
              + ")";
    } else if (rules.openModel() && behind) {
      cause = Judgement.Cause.GENERATOR_BEHIND;
      reason = generator.invalidReason(m.measured().offeredRate());
    } else {
      long failed = criteria.stream().filter(c -> !c.passed()).count();
      cause = failed == 0 ? Judgement.Cause.CRITERIA_MET : Judgement.Cause.CRITERIA_FAILED;
      reason = failed == 0 ? null : failed + " of " + criteria.size() + " criteria failed";
      if (early != null) {
        reason = reason == null ? early : reason + "; " + early;
      }
      String limit =
          failed > 0 && rules.openModel()
              ? GeneratorLimit.reason(rules.criteria(), criteria, m)
              : null;
      if (failed > 0 && m.generatorBusy() >= SATURATED_BUSY) {
        cause = Judgement.Cause.GENERATOR_BUSY;
        reason = busy(m.generatorBusy(), reason);
      } else if (limit != null) {
        cause = Judgement.Cause.GENERATOR_BUSY;
        reason = early == null ? limit : limit + "; " + early;
      }
    }
    return new Judgement(cause, reason, criteria, seconds, behind, early);
  }

  /** The measured part's drift, from the per-second series. */
  private static Drift drift(Rules rules, Measurements m) {
    long from = rules.warmupNanos();
    return Drift.of(m.intervals(), from, from + m.measured().durationNanos());
  }

  private static String interrupted(Ending ending) {
    return "interrupted after "
        + Durations.format(ending.atNanos())
        + " of "
        + Durations.format(ending.scheduledNanos())
        + "; the results cover the part that ran";
  }

  private static String aborted(Resilience.Abort abort) {
    return "aborted after "
        + Durations.format(abort.atNanos())
        + ": '"
        + abort.criterion()
        + "' held (actual "
        + abort.actualText()
        + "); the results cover the part that ran";
  }

  /** The worker that gave up, how often it failed (every failure is one entry), its last error. */
  private static String gaveUp(List<WorkerRestart> restarts) {
    WorkerRestart last = null;
    for (WorkerRestart r : restarts) {
      if (r.gaveUp()) {
        last = r;
      }
    }
    int worker = last.worker();
    long failures = restarts.stream().filter(r -> r.worker() == worker).count();
    return "the generator's worker "
        + worker
        + " failed "
        + failures
        + " times and stopped sending (last: "
        + last.error()
        + "); the load was not offered: this is a harness bug, please report it";
  }

  private static String busy(double busy, String reason) {
    return String.format(
        Locale.ROOT,
        "the generator's event loops were busy %.0f%% of the step: the failure is the"
            + " generator's limit, not the target's (%s)",
        busy * 100,
        reason);
  }

  private static String failures(OutcomeCounts o) {
    List<String> parts = new ArrayList<>();
    for (Outcome x : Outcome.values()) {
      if (o.get(x) > 0) {
        parts.add(o.get(x) + " " + x.label());
      }
    }
    return parts.isEmpty() ? "no request completed" : String.join(", ", parts);
  }
}
