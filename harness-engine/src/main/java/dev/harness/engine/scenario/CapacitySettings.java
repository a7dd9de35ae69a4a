package dev.harness.engine.scenario;

import dev.harness.engine.model.Criterion;
import java.util.List;

/**
 * A scenario's {@code capacity:} block: the defaults of {@code harness capacity FILE}. A null field
 * was not given; flags given on the command line win over every field.
 *
 * @param slo what every step must meet; empty for the scenario's criteria
 * @param start rate of the first step, per second
 * @param max highest rate tried, per second
 * @param stepNanos measured length of each step
 * @param warmupNanos warm-up of each step
 * @param precision bisection precision, a ratio (0.05 for 5 %)
 * @param require the least capacity that passes, per second
 * @param rateTolerance how far a step's achieved rate may fall below its offered rate, a ratio
 *     (0.02 for 2 %)
 */
public record CapacitySettings(
    List<Criterion> slo,
    Double start,
    Double max,
    Long stepNanos,
    Long warmupNanos,
    Double precision,
    Double require,
    Double rateTolerance) {

  public static final CapacitySettings NONE =
      new CapacitySettings(List.of(), null, null, null, null, null, null, null);

  public CapacitySettings {
    slo = List.copyOf(slo);
  }
}
