package dev.harness.engine.judge;

import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.Verdict;
import java.util.List;

/**
 * What {@link Judge} decided about a run: the verdict, what decided it and why in words, every
 * criterion with its actual value, and the resilience figures of a fault drill.
 *
 * @param cause what decided the verdict
 * @param reason why the run did not pass, or the note that goes with a pass; null when there is
 *     nothing to say
 * @param criteria each criterion with its actual value, in the order the rules list them
 * @param resilience the seconds within the SLO, each fault's impact and recovery; null for a plain
 *     run
 * @param generatorBehind whether the generator fell behind its schedule in more measured seconds
 *     than allowed, whatever decided the verdict
 * @param endedEarly the note that the scenario ended arrivals before the schedule did, e.g. {@code
 *     arrivals ended after 3.00s: feeder users.csv ran out of rows}; null when it did not
 */
public record Judgement(
    Cause cause,
    String reason,
    List<CriterionResult> criteria,
    Resilience resilience,
    boolean generatorBehind,
    String endedEarly) {

  /** What decided a verdict, in the order the judge asks. */
  public enum Cause {
    /** Stopped from outside (a signal) before the schedule's end. */
    INTERRUPTED(Verdict.INTERRUPTED),
    /** Stopped because an abort condition held. */
    ABORTED(Verdict.ABORTED),
    /** The generator could not go on (out of memory, out of file descriptors) and ended the run. */
    GENERATOR_FAILED(Verdict.INVALID),
    /** A worker failed more often than it may be restarted: the load was not offered. */
    WORKER_GAVE_UP(Verdict.INVALID),
    /** Nothing answered in the measured window. */
    NO_ANSWER(Verdict.INVALID),
    /** The generator could not hold its arrival schedule. */
    GENERATOR_BEHIND(Verdict.INVALID),
    /**
     * Criteria failed while the generator's event loops ran flat out: its own backlog, not the
     * target, may be what failed them.
     */
    GENERATOR_BUSY(Verdict.INVALID),
    /** Every criterion held. */
    CRITERIA_MET(Verdict.PASS),
    /** A criterion failed. */
    CRITERIA_FAILED(Verdict.FAIL);

    private final Verdict verdict;

    Cause(Verdict verdict) {
      this.verdict = verdict;
    }

    public Verdict verdict() {
      return verdict;
    }
  }

  public Judgement {
    criteria = List.copyOf(criteria);
  }

  public Verdict verdict() {
    return cause.verdict();
  }
}
