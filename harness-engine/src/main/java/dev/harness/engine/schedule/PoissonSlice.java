package dev.harness.engine.schedule;

import java.util.SplittableRandom;

/**
 * Worker {@code w} of {@code n}'s share of a schedule as a Poisson process: arrivals at random,
 * exponentially distributed gaps, with the schedule's rate divided by {@code n} at every moment.
 * The superposition of the workers' independent processes is a Poisson process with the full rate,
 * so the offered load is the schedule's on average while gaps vary as they do for real users.
 *
 * <p>The i-th arrival is due where the schedule's cumulative count reaches {@code n * S_i}, with
 * {@code S_i} a sum of i exponential variates of mean 1 (time rescaling of a non-homogeneous
 * Poisson process). The seed makes a run repeatable.
 *
 * <p>Thread contract: owned by one worker; {@link #dueNanos} must be called with i = 0, 1, 2, ...
 * in order (a repeated i returns the same offset).
 */
public final class PoissonSlice implements ArrivalSlice {
  private final RateSchedule schedule;
  private final int workers;
  private final long seed;
  private SplittableRandom random;
  private long index = -1;
  private double sum;
  private long offset;

  public PoissonSlice(RateSchedule schedule, int worker, int workers, long seed) {
    if (workers < 1 || worker < 0 || worker >= workers) {
      throw new IllegalArgumentException("worker " + worker + " of " + workers);
    }
    this.schedule = schedule;
    this.workers = workers;
    this.seed = seed * 31 + worker;
  }

  @Override
  public long dueNanos(long i) {
    if (i == index) {
      return offset;
    }
    if (i == 0) {
      random = new SplittableRandom(seed);
      sum = 0;
    } else if (i != index + 1) {
      throw new IllegalStateException("arrivals out of order: " + i + " after " + index);
    }
    sum += -Math.log(1 - random.nextDouble()); // Exp(1); 1 - u is in (0, 1]
    index = i;
    offset = schedule.timeOfCount(sum * workers);
    return offset;
  }
}
