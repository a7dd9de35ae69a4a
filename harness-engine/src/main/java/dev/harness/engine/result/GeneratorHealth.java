package dev.harness.engine.result;

import org.HdrHistogram.Histogram;

/**
 * How well the generator itself kept up. Dispatch lag is the time from an arrival's intended start
 * to the moment its worker handled it (sent it, or queued it for a busy connection): lag there is
 * the generator's own, never the target's.
 *
 * @param workers event loops used
 * @param dispatchLag lag of every measured arrival, ns
 * @param lateArrivals measured arrivals handled more than {@link #LATE_NANOS} after their intended
 *     start
 * @param arrivals measured arrivals handled
 */
public record GeneratorHealth(
    int workers, Histogram dispatchLag, long lateArrivals, long arrivals) {

  /** An arrival handled later than this (one 60 Hz frame, the checklists' long tick) is late. */
  public static final long LATE_NANOS = 16_000_000L;

  /** Above this share of late arrivals, the generator could not hold the schedule: run invalid. */
  public static final double MAX_LATE_RATIO = 0.01;

  public double lateRatio() {
    return arrivals == 0 ? 0 : (double) lateArrivals / arrivals;
  }

  public boolean heldSchedule() {
    return lateRatio() <= MAX_LATE_RATIO;
  }
}
