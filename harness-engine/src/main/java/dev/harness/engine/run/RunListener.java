package dev.harness.engine.run;

import dev.harness.engine.result.IntervalStats;
import org.HdrHistogram.Histogram;

/**
 * Receives the run's time series as it is measured, once a second, on the sampler thread. Keep it
 * quick: the next sample waits for it.
 */
public interface RunListener {
  RunListener NONE = (stats, response) -> {};

  /**
   * One interval of the run.
   *
   * @param stats the interval's counts and percentiles
   * @param response response times recorded in the interval (ns); valid only during the call
   */
  void onInterval(IntervalStats stats, Histogram response);

  /**
   * The run's time zero has been fixed, shortly before it comes; called once, before any interval.
   *
   * @param startNanos time zero on the {@link System#nanoTime()} clock
   */
  default void onStart(long startNanos) {}
}
