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
  long dueNanos(long k);
}
