package dev.harness.engine.judge;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.model.RunSpec;
import java.util.List;

/**
 * What a run is judged against: its criteria, whether it had to hold an arrival schedule, where its
 * measured part starts, and, for a fault drill, its resilience part.
 *
 * @param criteria each criterion, in the order the run lists them
 * @param openModel whether arrivals followed a schedule (open model): only then can the generator
 *     fall behind it
 * @param warmupNanos length of the warm-up, where the measured part starts
 * @param resilience the fault timeline, SLO and abort conditions of a fault drill; null for a plain
 *     run, which gets no resilience figures
 */
public record Rules(
    List<Criterion> criteria, boolean openModel, long warmupNanos, ResilienceSpec resilience) {

  public Rules {
    criteria = List.copyOf(criteria);
  }

  /** The rules of a plain run of {@code spec}: its criteria on the measured totals. */
  public static Rules plain(RunSpec spec) {
    return new Rules(spec.criteria(), spec.model() == LoadModel.OPEN, spec.warmupNanos(), null);
  }

  /** The rules of {@code spec} as a fault drill: its criteria and resilience figures. */
  public static Rules drill(RunSpec spec) {
    return new Rules(
        spec.criteria(), spec.model() == LoadModel.OPEN, spec.warmupNanos(), spec.resilience());
  }

  /** Whether resilience figures are asked for. */
  public boolean drill() {
    return resilience != null;
  }
}
