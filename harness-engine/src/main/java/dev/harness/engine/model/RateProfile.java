package dev.harness.engine.model;

import dev.harness.engine.schedule.ConstantRate;
import dev.harness.engine.schedule.RateSchedule;

/** How the arrival rate of a phase evolves over the phase. Immutable; validated at construction. */
public sealed interface RateProfile {

  /** A schedule of arrivals for a phase that lasts {@code durationNanos}. */
  RateSchedule schedule(long durationNanos);

  /** Mean offered rate over a phase of that length, in requests per second. */
  double meanRate(long durationNanos);

  /** The same rate for the whole phase. */
  record Constant(double perSecond) implements RateProfile {
    public Constant {
      if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
        throw new InvalidInputException("rate must be positive, got " + perSecond);
      }
    }

    @Override
    public RateSchedule schedule(long durationNanos) {
      return new ConstantRate(perSecond);
    }

    @Override
    public double meanRate(long durationNanos) {
      return perSecond;
    }
  }
}
