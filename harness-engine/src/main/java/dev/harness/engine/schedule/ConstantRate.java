package dev.harness.engine.schedule;

/** Arrivals evenly spaced at a fixed rate: arrival k is due at k / rate. */
public final class ConstantRate implements RateSchedule {
  private final double nanosPerArrival;

  public ConstantRate(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
    this.nanosPerArrival = 1e9 / perSecond;
  }

  @Override
  public long timeOfCount(double count) {
    double t = count * nanosPerArrival;
    return t >= NEVER ? NEVER : (long) t;
  }
}
