package dev.harness.engine.scenario;

import java.util.List;

/**
 * Command-line values that replace a scenario file's, so one file serves staging and the embedded
 * target. A null field leaves the file's value.
 *
 * @param target base URL replacing {@code target}
 * @param rate a constant rate replacing every phase's profile (Poisson arrivals are kept)
 * @param durationNanos total length of the measured phases; each is scaled in proportion (a spike
 *     keeps its place in its phase)
 * @param warmupNanos total length of the warm-up phases, scaled in proportion the same way
 * @param workers replaces {@code workers}
 * @param connections replaces {@code connections}
 * @param criteria replace the file's {@code criteria}
 */
public record Overrides(
    String target,
    Double rate,
    Long durationNanos,
    Long warmupNanos,
    Integer workers,
    Integer connections,
    List<String> criteria) {

  public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);
}
