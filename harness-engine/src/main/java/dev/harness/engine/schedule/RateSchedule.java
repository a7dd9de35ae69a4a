package dev.harness.engine.schedule;

/**
 * When the k-th arrival of a phase is due. The time is computed from k alone, never by adding
 * intervals, so a schedule cannot drift however long it runs.
 */
public interface RateSchedule {

  /**
   * Offset in nanoseconds from the phase start at which arrival {@code k} (0-based) is due. Offsets
   * are non-decreasing in k.
   */
  default long dueNanos(long k) {
    return timeOfCount(k);
  }

  /**
   * The inverse of the schedule's cumulative arrival count: the offset at which {@code count}
   * arrivals are due, for any real {@code count >= 0}. Poisson arrivals use it with random counts;
   * a count the schedule never reaches gives {@link #NEVER}.
   */
  long timeOfCount(double count);

  /** An offset past the end of any phase: the arrival never comes. */
  long NEVER = Long.MAX_VALUE / 4;
}
