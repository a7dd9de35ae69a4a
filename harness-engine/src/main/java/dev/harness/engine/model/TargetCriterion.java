package dev.harness.engine.model;

import dev.harness.engine.time.InvalidInputException;

/**
 * Reads the criteria on the target's own metrics: {@code target.memory.growth < 10%/h}, {@code
 * target.cpu < 80%} and {@code target.metric{name=NAME} < N} (the series' last value, in its own
 * unit). The selector of {@code target.metric} is split off before, as a request name is.
 * Stateless.
 */
final class TargetCriterion {
  private TargetCriterion() {}

  static Criterion parse(String where, String name, Criterion.Op op, double value, String unit) {
    switch (name) {
      case "target.memory.growth":
        if (!unit.equals("%/h")) {
          throw new InvalidInputException(
              where + ": memory growth is percent per hour, e.g. 'target.memory.growth < 10%/h'");
        }
        return new Criterion(Criterion.Metric.TARGET_MEMORY_GROWTH, 0, op, value, true, "%/h");
      case "target.cpu":
        if (!unit.equals("%")) {
          throw new InvalidInputException(
              where + ": the target's CPU is percent of one core, e.g. 'target.cpu < 80%'");
        }
        return new Criterion(Criterion.Metric.TARGET_CPU, 0, op, value, true, "%");
      default:
        if (!unit.isEmpty()) {
          throw new InvalidInputException(
              where
                  + ": target.metric takes a plain number in the series' own unit, e.g."
                  + " 'target.metric{name=jvm_threads_live_threads} < 200'");
        }
        return new Criterion(Criterion.Metric.TARGET_METRIC, 0, op, value, false, "");
    }
  }
}
