package dev.harness.engine.result;

import org.HdrHistogram.Histogram;

/**
 * What one fault window did to the run, and how long the target took to recover from it.
 *
 * @param atNanos when the fault went on, from the start of the run
 * @param forNanos how long it was on
 * @param fault the fault as text, e.g. {@code latency 200ms}
 * @param kind the fault's kind, e.g. {@code latency}
 * @param requests outcomes recorded in the seconds that overlap the window
 * @param errors error outcomes among them
 * @param outcomes those outcomes by kind
 * @param response response times recorded in those seconds (ns); read-only
 * @param recoveryNanos from the end of the fault to the start of the first second that met the SLO
 *     again, 0 when the second in which it ended already met it; {@link #NOT_RECOVERED} when no
 *     second did before the run ended. One-second resolution: an upper bound
 */
public record FaultImpact(
    long atNanos,
    long forNanos,
    String fault,
    String kind,
    long requests,
    long errors,
    OutcomeCounts outcomes,
    Histogram response,
    long recoveryNanos) {

  public static final long NOT_RECOVERED = -1;

  public boolean recovered() {
    return recoveryNanos != NOT_RECOVERED;
  }

  public long endNanos() {
    return atNanos + forNanos;
  }
}
