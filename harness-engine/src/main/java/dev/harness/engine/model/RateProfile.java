package dev.harness.engine.model;

import dev.harness.engine.schedule.ArrivalSlice;
import dev.harness.engine.schedule.ConstantRate;
import dev.harness.engine.schedule.PiecewiseRate;
import dev.harness.engine.schedule.PoissonSlice;
import dev.harness.engine.schedule.RateSchedule;
import dev.harness.engine.schedule.WorkerSlice;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;

/**
 * How the arrival rate of a phase evolves over the phase. Immutable; validated at construction.
 * Rates are per second.
 */
public sealed interface RateProfile {

  /** A schedule of arrivals for a phase that lasts {@code durationNanos}. */
  RateSchedule schedule(long durationNanos);

  /** Mean offered rate over a phase of that length, in requests per second. */
  double meanRate(long durationNanos);

  /** The highest rate the profile reaches at any time, in requests per second. */
  double peakRate();

  /** The same profile for a phase {@code factor} times as long (times inside scale with it). */
  default RateProfile scaled(double factor) {
    return this;
  }

  /** Worker {@code w} of {@code n}'s share of the arrivals: every n-th one, evenly spread. */
  default ArrivalSlice slice(long durationNanos, int w, int n) {
    return new WorkerSlice(schedule(durationNanos), w, n);
  }

  /** The same rate for the whole phase. */
  record Constant(double perSecond) implements RateProfile {
    public Constant {
      positive(perSecond, "rate");
    }

    @Override
    public RateSchedule schedule(long durationNanos) {
      return new ConstantRate(perSecond);
    }

    @Override
    public double meanRate(long durationNanos) {
      return perSecond;
    }

    @Override
    public double peakRate() {
      return perSecond;
    }
  }

  /** A linear change from one rate to another over the phase. */
  record Ramp(double from, double to) implements RateProfile {
    public Ramp {
      notNegative(from, "ramp.from");
      notNegative(to, "ramp.to");
      if (from == 0 && to == 0) {
        throw new InvalidInputException("ramp.from and ramp.to cannot both be 0");
      }
    }

    @Override
    public RateSchedule schedule(long durationNanos) {
      return new PiecewiseRate(new long[] {durationNanos}, new double[] {from}, new double[] {to});
    }

    @Override
    public double meanRate(long durationNanos) {
      return (from + to) / 2;
    }

    @Override
    public double peakRate() {
      return Math.max(from, to);
    }
  }

  /** Equal-length steps of constant rate, in order, filling the phase. */
  record Steps(List<Double> rates) implements RateProfile {
    public Steps {
      rates = List.copyOf(rates);
      if (rates.isEmpty()) {
        throw new InvalidInputException("steps must list at least one rate");
      }
      for (int i = 0; i < rates.size(); i++) {
        positive(rates.get(i), "steps[" + i + "]");
      }
    }

    @Override
    public RateSchedule schedule(long durationNanos) {
      int n = rates.size();
      long[] nanos = new long[n];
      double[] r = new double[n];
      long used = 0;
      for (int i = 0; i < n; i++) {
        nanos[i] = i == n - 1 ? durationNanos - used : durationNanos / n;
        used += nanos[i];
        r[i] = rates.get(i);
      }
      return new PiecewiseRate(nanos, r, r);
    }

    @Override
    public double meanRate(long durationNanos) {
      return rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    @Override
    public double peakRate() {
      return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
  }

  /** A base rate with a burst at {@code peak} from {@code atNanos} for {@code forNanos}. */
  record Spike(double base, double peak, long atNanos, long forNanos) implements RateProfile {
    public Spike {
      positive(base, "spike.base");
      positive(peak, "spike.peak");
      if (atNanos < 0) {
        throw new InvalidInputException("spike.at must not be negative");
      }
      if (forNanos <= 0) {
        throw new InvalidInputException("spike.for must be positive");
      }
    }

    @Override
    public RateSchedule schedule(long durationNanos) {
      if (atNanos + forNanos > durationNanos) {
        throw new InvalidInputException("spike.at + spike.for is beyond the end of the phase");
      }
      long after = durationNanos - atNanos - forNanos;
      if (atNanos == 0 && after == 0) {
        return new ConstantRate(peak);
      }
      long[] nanos;
      double[] r;
      if (atNanos == 0) {
        nanos = new long[] {forNanos, after};
        r = new double[] {peak, base};
      } else if (after == 0) {
        nanos = new long[] {atNanos, forNanos};
        r = new double[] {base, peak};
      } else {
        nanos = new long[] {atNanos, forNanos, after};
        r = new double[] {base, peak, base};
      }
      return new PiecewiseRate(nanos, r, r);
    }

    @Override
    public double meanRate(long durationNanos) {
      double peakShare = (double) Math.min(forNanos, durationNanos) / durationNanos;
      return base * (1 - peakShare) + peak * peakShare;
    }

    @Override
    public double peakRate() {
      return Math.max(base, peak);
    }

    @Override
    public RateProfile scaled(double factor) {
      return new Spike(
          base, peak, Math.round(atNanos * factor), Math.max(1, Math.round(forNanos * factor)));
    }
  }

  /**
   * Random arrivals with exponential gaps (a Poisson process) that follow another profile's rate on
   * average, instead of evenly spaced ones.
   *
   * @param seed makes the random gaps repeatable
   */
  record Poisson(RateProfile rate, long seed) implements RateProfile {
    public Poisson {
      if (rate == null || rate instanceof Poisson) {
        throw new InvalidInputException("poisson arrivals need a rate profile");
      }
    }

    @Override
    public RateSchedule schedule(long durationNanos) {
      return rate.schedule(durationNanos);
    }

    @Override
    public double meanRate(long durationNanos) {
      return rate.meanRate(durationNanos);
    }

    @Override
    public double peakRate() {
      return rate.peakRate();
    }

    @Override
    public RateProfile scaled(double factor) {
      return new Poisson(rate.scaled(factor), seed);
    }

    @Override
    public ArrivalSlice slice(long durationNanos, int w, int n) {
      return new PoissonSlice(schedule(durationNanos), w, n, seed);
    }
  }

  private static void positive(double v, String what) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new InvalidInputException(what + " must be positive, got " + v);
    }
  }

  private static void notNegative(double v, String what) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new InvalidInputException(what + " must be 0 or more, got " + v);
    }
  }
}
