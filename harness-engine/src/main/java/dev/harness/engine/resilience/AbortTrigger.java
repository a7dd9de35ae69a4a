package dev.harness.engine.resilience;

import dev.harness.engine.judge.Evaluation;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Resilience;
import dev.harness.engine.result.Stats;
import dev.harness.engine.run.RunListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Stops a run early once an abort condition holds, judged once a second (warm-up excluded): {@code
 * --abort-on 'errors > 10%'} on everything measured so far, {@code --abort-on 'errors > 10% over
 * 10s'} on the last 10 seconds of the per-second series (fewer at the start of the measured part).
 * Rollback triggers use it: a run that can no longer pass need not run to its end, and failures
 * that start late in a long run stop it within about the window.
 *
 * <p>Thread contract: {@link #onInterval} runs on the sampler thread; {@link #fired()} may be read
 * from any thread once the run has ended.
 */
final class AbortTrigger implements RunListener {
  private final List<Criterion> conditions;
  private final long warmupNanos;
  private final Runnable stop;
  private final Histogram response = new Histogram(3);
  private OutcomeCounts outcomes = OutcomeCounts.empty();
  private long scheduled;
  private long sent;
  private long measuredNanos;
  private volatile Resilience.Abort fired;

  /** Per request name, what was measured so far: response times and outcomes. */
  private final Map<String, Histogram> responseByName = new HashMap<>();

  private final Map<String, OutcomeCounts> outcomesByName = new HashMap<>();
  private Map<String, OutcomeCounts> lastNameOutcomes = Map.of();

  /** The last seconds, for conditions with a window; null when none has one. */
  private final SlidingWindow window;

  AbortTrigger(List<Criterion> conditions, long warmupNanos, Runnable stop) {
    this.conditions = conditions;
    this.warmupNanos = warmupNanos;
    this.stop = stop;
    int longest = 0;
    for (Criterion c : conditions) {
      longest = Math.max(longest, seconds(c));
    }
    this.window = longest == 0 ? null : new SlidingWindow(longest);
  }

  private static int seconds(Criterion c) {
    return (int) Math.min(Integer.MAX_VALUE, c.overNanos() / 1_000_000_000L);
  }

  @Override
  public void onNameOutcomes(Map<String, OutcomeCounts> byName) {
    lastNameOutcomes = Map.copyOf(byName);
  }

  @Override
  public void onInterval(IntervalStats s, Histogram interval, Map<String, Histogram> byName) {
    if (fired != null || conditions.isEmpty() || s.startNanos() < warmupNanos) {
      return;
    }
    response.add(interval);
    outcomes = outcomes.plus(s.outcomes());
    scheduled += s.scheduled();
    sent += s.sent();
    measuredNanos += s.endNanos() - s.startNanos();
    Stats sofar = new Stats(measuredNanos, scheduled, sent, outcomes, response, new Histogram(3));
    addNames(byName);
    if (window != null) {
      window.add(s, interval, byName, lastNameOutcomes);
    }
    for (Criterion c : conditions) {
      Stats judged =
          c.windowed()
              ? window.last(seconds(c), c.name())
              : c.name() == null ? sofar : sofarOf(c.name());
      CriterionResult r = Evaluation.evaluate(c, judged);
      if (r.passed()) {
        fired = new Resilience.Abort(c.expression(), r.actualText(), s.endNanos());
        stop.run();
        return;
      }
    }
  }

  /** Adds this interval's per-name response times and outcomes to the totals so far. */
  private void addNames(Map<String, Histogram> byName) {
    byName.forEach((name, h) -> responseByName.computeIfAbsent(name, k -> new Histogram(3)).add(h));
    lastNameOutcomes.forEach((name, o) -> outcomesByName.merge(name, o, OutcomeCounts::plus));
  }

  /** What was measured so far for one request name (a spec only names requests it has). */
  private Stats sofarOf(String name) {
    Histogram h = responseByName.getOrDefault(name, new Histogram(3));
    OutcomeCounts o = outcomesByName.getOrDefault(name, OutcomeCounts.empty());
    return new Stats(measuredNanos, o.total(), o.total(), o, h, new Histogram(3));
  }

  /** The condition that held, or null. */
  Resilience.Abort fired() {
    return fired;
  }
}
