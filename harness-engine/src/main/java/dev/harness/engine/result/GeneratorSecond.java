package dev.harness.engine.result;

/**
 * One second (or the last part of one) of the generator's own health: did it hold its schedule in
 * this second, and how did its event loops keep time.
 *
 * @param startNanos offset of the second from the run start
 * @param endNanos offset of its end
 * @param measured whether the second holds arrivals of a measured (non-warm-up) phase: only those
 *     seconds count for the verdict
 * @param arrivals arrivals the workers handled in the second
 * @param lateArrivals of those, handled more than {@link GeneratorHealth#LATE_NANOS} after their
 *     intended start: the generator itself was behind
 * @param queued arrivals that found no idle connection and waited for one
 * @param saturated whether a worker was saturated: its thread ran or waited for a CPU at least
 *     {@link GeneratorHealth#SATURATED_BUSY} of the second (spinning for precise timing excluded)
 *     while its queue of waiting arrivals did not shrink. Its waiting arrivals then wait for the
 *     generator, not for the target
 * @param busiestWorker highest share (0 to 1) of the second that a worker thread was running or
 *     runnable, spinning excluded
 * @param timerLatenessP99 99th percentile of timer wake-up lateness in the second, ns (0 when no
 *     timer fired)
 * @param timerLatenessMax largest timer wake-up lateness in the second, ns
 * @param ticks heartbeats of the workers' loops in the second
 * @param longTicks of those, fired more than {@link GeneratorHealth#LONG_TICK_NANOS} late
 * @param waiting arrivals waiting for a connection at the end of the second, all workers
 * @param inFlight requests in flight at the end of the second, all workers
 * @param processCpu share (0 to 1) of the machine's CPUs the process used in the second
 * @param gcPauseNanos time the JVM spent in stop-the-world collections in the second
 */
public record GeneratorSecond(
    long startNanos,
    long endNanos,
    boolean measured,
    long arrivals,
    long lateArrivals,
    long queued,
    boolean saturated,
    double busiestWorker,
    long timerLatenessP99,
    long timerLatenessMax,
    long ticks,
    long longTicks,
    long waiting,
    long inFlight,
    double processCpu,
    long gcPauseNanos) {

  /**
   * Whether the generator was behind its schedule in this second: more than {@link
   * GeneratorHealth#BEHIND_LATE_SHARE} of its arrivals were handled late, or a worker was
   * saturated.
   */
  public boolean behind() {
    return saturated
        || (arrivals > 0 && lateArrivals > GeneratorHealth.BEHIND_LATE_SHARE * arrivals);
  }
}
