package dev.harness.engine.capacity;

import dev.harness.engine.model.CapacityPlan;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CapacityResult;
import dev.harness.engine.result.CapacityStep;
import dev.harness.engine.result.SearchOutcome;
import dev.harness.engine.result.StepVerdict;
import dev.harness.engine.run.TargetUnreachableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the highest rate that meets an SLO. Steps grow the rate geometrically ({@link
 * CapacityPlan#GROWTH} times each) from the start rate until the first failure, then bisect between
 * the highest pass and the lowest failure until they are within the plan's precision.
 *
 * <p>Stopping rules: a step the generator could not hold is run again, up to {@link
 * #GENERATOR_RETRIES} times, since on a shared machine another process may have taken the CPU for a
 * moment; if the generator falls behind every time, the search ends there (nothing is known about
 * the target at that rate, and a higher one would be worse). A target that never answered before
 * any step passed ends it too. A target that stops answering at a higher rate than one it passed
 * has failed that rate. The first step failing ends the search below the start rate.
 *
 * <pre>{@code
 * CapacitySearch search = new CapacitySearch(base, plan, new LoadStepRunner(base, plan, grace));
 * // a signal handler may call search.stop()
 * CapacityResult result = search.run(CapacitySearch.Listener.NONE);
 * }</pre>
 *
 * <p>Thread contract: {@link #run} is called once, on one thread; {@link #stop} may be called from
 * any thread.
 */
public final class CapacitySearch {

  /** Hears about each step as the search goes, on the thread that runs it. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void stepStarting(int number, CapacityStep.Stage stage, double rate) {}

    default void stepDone(CapacityStep step) {}
  }

  /**
   * Times a rate the generator could not hold is run again before the search ends at it. One stall
   * (another process on the CPU, a cold JIT) can make more than 1% of a short step late; a real
   * limit is late every time.
   */
  public static final int GENERATOR_RETRIES = 2;

  private final RunSpec base;
  private final CapacityPlan plan;
  private final StepRunner runner;
  private volatile boolean stopped;

  public CapacitySearch(RunSpec base, CapacityPlan plan, StepRunner runner) {
    this.base = base;
    this.plan = plan;
    this.runner = runner;
  }

  /** Stops the step in progress; the search ends with what it found, marked interrupted. */
  public void stop() {
    stopped = true;
    runner.stop();
  }

  /**
   * Runs steps until the search ends.
   *
   * @throws TargetUnreachableException when the target cannot be reached for the first step
   */
  public CapacityResult run(Listener listener)
      throws TargetUnreachableException, InterruptedException {
    Instant startedAt = Instant.now();
    long t0 = System.nanoTime();
    List<CapacityStep> steps = new ArrayList<>();
    double pass = 0; // highest passing rate, 0 for none yet
    double fail = Double.POSITIVE_INFINITY; // lowest failing rate
    double rate = plan.start();
    CapacityStep.Stage stage = CapacityStep.Stage.GROW;
    int retries = 0; // times this rate was run again after the generator fell behind
    while (true) {
      if (stopped) {
        return end(startedAt, t0, steps, SearchOutcome.INTERRUPTED, interrupted(steps));
      }
      int number = steps.size() + 1;
      listener.stepStarting(number, stage, rate);
      CapacityStep step;
      try {
        step = runner.run(number, stage, rate);
      } catch (TargetUnreachableException e) {
        if (steps.isEmpty()) {
          throw e;
        }
        return end(
            startedAt,
            t0,
            steps,
            SearchOutcome.TARGET_INVALID,
            "step " + number + " at " + rate(rate) + ": target unreachable: " + e.getMessage());
      }
      steps.add(step);
      listener.stepDone(step);
      if (step.verdict() != StepVerdict.GENERATOR_LIMIT) {
        retries = 0;
      }
      switch (step.verdict()) {
        case PASS -> pass = rate;
        case FAIL -> fail = rate;
        case NO_ANSWER -> {
          if (pass == 0) {
            return end(startedAt, t0, steps, SearchOutcome.TARGET_INVALID, step.reason());
          }
          fail = rate;
        }
        case GENERATOR_LIMIT -> {
          if (retries == GENERATOR_RETRIES) {
            return end(startedAt, t0, steps, SearchOutcome.GENERATOR_LIMIT, generator(step, pass));
          }
          retries++;
          stage = CapacityStep.Stage.RETRY;
          continue; // once more at the same rate: other processes may have had the CPU
        }
        case INTERRUPTED -> {
          return end(startedAt, t0, steps, SearchOutcome.INTERRUPTED, interrupted(steps));
        }
      }
      if (fail == Double.POSITIVE_INFINITY) {
        if (rate >= plan.max()) {
          return end(
              startedAt,
              t0,
              steps,
              SearchOutcome.ABOVE_MAX,
              "every step met the SLO up to the maximum, "
                  + rate(plan.max())
                  + ": the capacity is at least that; raise the maximum to search further");
        }
        rate = Math.min(rate * CapacityPlan.GROWTH, plan.max());
        stage = CapacityStep.Stage.GROW;
      } else if (pass == 0) {
        return end(
            startedAt,
            t0,
            steps,
            SearchOutcome.BELOW_START,
            "the first step, "
                + rate(rate)
                + ", failed the SLO: the capacity is below it; lower the start rate");
      } else if (fail - pass <= plan.precision() * pass) {
        return end(
            startedAt,
            t0,
            steps,
            SearchOutcome.FOUND,
            String.format(
                Locale.ROOT,
                "%s is the highest rate that met the SLO; %s (within %s)",
                rate(pass),
                failed(steps, fail),
                percent(plan.precision())));
      } else {
        rate = (pass + fail) / 2;
        stage = CapacityStep.Stage.BISECT;
      }
    }
  }

  private CapacityResult end(
      Instant startedAt, long t0, List<CapacityStep> steps, SearchOutcome outcome, String reason) {
    return new CapacityResult(
        base, plan, startedAt, System.nanoTime() - t0, steps, outcome, reason);
  }

  private static String generator(CapacityStep step, double pass) {
    return "the generator could not hold "
        + rate(step.rate())
        + " on this machine (step "
        + step.number()
        + " invalid): the limit found is the generator's, not the target's; "
        + (pass > 0
            ? "the target met the SLO up to " + rate(pass) + ", a lower bound of its capacity"
            : "no step measured the target")
        + ". Use more workers (at most the cores) or split the load over shards";
  }

  /** How the lowest failing rate failed: the SLO, or the target's throughput. */
  private static String failed(List<CapacityStep> steps, double fail) {
    for (CapacityStep s : steps) {
      if (s.rate() == fail && "throughput".equals(s.failedOn())) {
        return rate(fail)
            + " met the SLO but the target served only "
            + rate(s.achievedRate())
            + " of it (its throughput limit)";
      }
    }
    return rate(fail) + " failed it";
  }

  private static String interrupted(List<CapacityStep> steps) {
    long done = steps.stream().filter(s -> s.verdict() != StepVerdict.INTERRUPTED).count();
    return "interrupted; the results cover the "
        + done
        + (done == 1 ? " step" : " steps")
        + " that finished";
  }

  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  private static String percent(double ratio) {
    double pct = ratio * 100;
    return pct == Math.rint(pct)
        ? String.format(Locale.ROOT, "%.0f%%", pct)
        : String.format(Locale.ROOT, "%s%%", pct);
  }
}
