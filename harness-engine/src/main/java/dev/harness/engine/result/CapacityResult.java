package dev.harness.engine.result;

import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.RunSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of a capacity search: every step in the order it ran and why the search ended.
 * Immutable; the input to every capacity report.
 *
 * <p>The <b>capacity</b> is the highest offered rate whose step met every SLO, and only when the
 * search bracketed it ({@link SearchOutcome#FOUND}) or reached the maximum ({@link
 * SearchOutcome#ABOVE_MAX}, a lower bound). The <b>knee</b> lies between that rate and the lowest
 * failing one. A search stopped by the generator has no capacity: its highest pass is only a lower
 * bound, and the reports say so.
 *
 * @param base the run every step was built from (target, requests, workers, timeout)
 * @param plan how the search ran
 * @param startedAt wall-clock start of the search
 * @param elapsedNanos how long the search took
 * @param steps every step, in the order they ran
 * @param outcome why the search ended
 * @param reason the outcome in one sentence, for people
 */
public record CapacityResult(
    RunSpec base,
    CapacityPlan plan,
    Instant startedAt,
    long elapsedNanos,
    List<CapacityStep> steps,
    SearchOutcome outcome,
    String reason) {

  /** Version of the capacity result format (docs/capacity.md); bumped on incompatible changes. */
  public static final int SCHEMA = 1;

  public CapacityResult {
    steps = List.copyOf(steps);
  }

  /** The passing step with the highest rate, whatever ended the search. */
  public Optional<CapacityStep> highestPass() {
    return steps.stream()
        .filter(s -> s.verdict() == StepVerdict.PASS)
        .max(Comparator.comparingDouble(CapacityStep::rate));
  }

  /**
   * The step with the lowest rate the target failed at: an SLO failed, or, after a lower rate had
   * passed, it never answered.
   */
  public Optional<CapacityStep> lowestFail() {
    return steps.stream()
        .filter(s -> s.verdict() == StepVerdict.FAIL || s.verdict() == StepVerdict.NO_ANSWER)
        .filter(s -> highestPass().isPresent())
        .min(Comparator.comparingDouble(CapacityStep::rate));
  }

  /** The capacity's step: the highest pass, when the search established it; else empty. */
  public Optional<CapacityStep> capacity() {
    return outcome == SearchOutcome.FOUND || outcome == SearchOutcome.ABOVE_MAX
        ? highestPass()
        : Optional.empty();
  }

  /**
   * The capacity as a rate: the capacity step's offered rate, or what it achieved when that was
   * lower (within the rate tolerance, or it would not have passed), so the capacity is never above
   * what the target served. Empty when there is no capacity.
   */
  public OptionalDouble capacityRate() {
    Optional<CapacityStep> cap = capacity();
    return cap.isPresent()
        ? OptionalDouble.of(Math.min(cap.get().rate(), cap.get().achievedRate()))
        : OptionalDouble.empty();
  }

  /**
   * Which limit ended the search: the generator's, the maximum rate, or at the lowest failing rate
   * (the first step when the capacity is below the start) the SLO or the target's throughput. Empty
   * when the search was interrupted or the target never answered.
   */
  public Optional<SearchLimit> limit() {
    return switch (outcome) {
      case GENERATOR_LIMIT -> Optional.of(SearchLimit.GENERATOR);
      case ABOVE_MAX -> Optional.of(SearchLimit.MAX_RATE);
      case FOUND, BELOW_START -> {
        Optional<CapacityStep> fail =
            outcome == SearchOutcome.FOUND
                ? lowestFail()
                : steps.stream().filter(s -> s.failedOn() != null).findFirst();
        yield fail.map(CapacityStep::failedOn)
            .map(on -> on.equals("throughput") ? SearchLimit.THROUGHPUT : SearchLimit.SLO);
      }
      default -> Optional.empty();
    };
  }

  /**
   * The step the generator could not hold, when that ended the search; a step it held when run
   * again is not a limit.
   */
  public Optional<CapacityStep> generatorLimit() {
    return outcome == SearchOutcome.GENERATOR_LIMIT && !steps.isEmpty()
        ? Optional.of(steps.get(steps.size() - 1))
        : Optional.empty();
  }

  /**
   * Whether a step at or above the required rate passed: a measured fact even when the generator
   * ended the search later. Empty when no rate is required.
   */
  public Optional<Boolean> requireMet() {
    if (plan.require() <= 0) {
      return Optional.empty();
    }
    return Optional.of(highestPass().map(s -> s.rate() >= plan.require()).orElse(false));
  }

  /**
   * The exit code: 0 a capacity was found (at or above the required rate, if one is given), 1 it is
   * below the required rate or below the start rate, 3 the generator or an unanswering target ended
   * the search (0 instead when a passing step already met the required rate), 130 interrupted.
   */
  public int exitCode() {
    boolean met = requireMet().orElse(true);
    return switch (outcome) {
      case FOUND, ABOVE_MAX -> met ? 0 : 1;
      case BELOW_START -> 1;
      case GENERATOR_LIMIT, TARGET_INVALID -> plan.require() > 0 && met ? 0 : 3;
      case INTERRUPTED -> 130;
    };
  }
}
