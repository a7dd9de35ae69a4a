package dev.harness.engine.run;

import dev.harness.engine.result.GeneratorSecond;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.ProbeResult;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Receives the run's time series as it is measured, once a second, on the sampler thread. Keep it
 * quick: the next sample waits for it. Histograms and map are valid only during the call: copy what
 * you keep.
 */
public interface RunListener {
  RunListener NONE = (stats, response, byName) -> {};

  /**
   * One interval of the run.
   *
   * @param stats the interval's counts and percentiles
   * @param response response times recorded in the interval over all requests (ns)
   * @param responseByName response times recorded in the interval for each request name, in
   *     declaration order
   */
  void onInterval(IntervalStats stats, Histogram response, Map<String, Histogram> responseByName);

  /**
   * How the arrivals of each request name ended over the same interval, right before {@link
   * #onInterval}: what a criterion that selects a name ({@code errors{name=login} > 5%}) reads. The
   * map is valid only during the call.
   *
   * @param outcomesByName the interval's outcomes for each request name, in declaration order
   */
  default void onNameOutcomes(Map<String, OutcomeCounts> outcomesByName) {}

  /**
   * The run's time zero has been fixed, shortly before it comes; called once, before any interval.
   *
   * @param startNanos time zero on the {@link System#nanoTime()} clock
   */
  default void onStart(long startNanos) {}

  /**
   * As {@link #onStart(long)}, with the wall-clock instant of time zero that the result will carry
   * as {@code startedAt}: a file written while the run lasts names the same start as the result.
   * The run calls this one; by default it calls {@link #onStart(long)}, so a listener that wraps
   * others must pass this call on as it is.
   */
  default void onStart(long startNanos, Instant startedAt) {
    onStart(startNanos);
  }

  /**
   * Once a second, after {@link #onGenerator}, on the sampler thread: {@code partial} builds
   * everything measured so far, as a run stopped now would have measured it (the workers' restarts,
   * failed checks and error reasons are left out, as they belong to the workers' loops until the
   * end); the caller judges it against its own spec. Building it copies the run's histograms: call
   * it only when a checkpoint is due, and only during this call.
   */
  default void onCheckpoint(Supplier<Measured> partial) {}

  /**
   * The generator's health over the same second, right after {@link #onInterval}.
   *
   * @param second late and queued arrivals, timer lateness, long ticks, CPU and GC of the second
   */
  default void onGenerator(GeneratorSecond second) {}

  /** A health probe answered (or failed), on the probe's thread. */
  default void onProbe(ProbeResult.Poll poll) {}
}
