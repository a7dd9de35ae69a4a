package dev.harness.engine.schedule;

/** The arrivals of one phase that one worker sends, in order. */
public interface ArrivalSlice {

  /**
   * Offset from the phase start of this worker's {@code i}-th arrival. Non-decreasing in i; called
   * with i = 0, 1, 2, ... in order.
   */
  long dueNanos(long i);
}
