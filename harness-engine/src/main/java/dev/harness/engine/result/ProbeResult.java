package dev.harness.engine.result;

import java.util.List;

/**
 * The health probe's timeline: every poll of the run, in order.
 *
 * @param url the URL polled
 * @param intervalNanos time between polls
 * @param polls every poll, warm-up included
 */
public record ProbeResult(String url, long intervalNanos, List<Poll> polls) {

  public ProbeResult {
    polls = List.copyOf(polls);
  }

  /**
   * One poll.
   *
   * @param atNanos when it was sent, from the run start
   * @param measured whether it was sent in a measured (non-warm-up) phase
   * @param status the answer's status, or 0 when none came (refused, reset, timeout)
   * @param latencyNanos from send to the end of the answer (or to the failure)
   * @param ok whether it succeeded: an answer in time, the expected status and body
   * @param error why it failed, one short phrase; null when ok
   */
  public record Poll(
      long atNanos, boolean measured, int status, long latencyNanos, boolean ok, String error) {}

  /** Polls sent in the measured phases. */
  public long measuredPolls() {
    return polls.stream().filter(Poll::measured).count();
  }

  /** Measured polls that succeeded. */
  public long measuredOk() {
    return polls.stream().filter(p -> p.measured() && p.ok()).count();
  }

  /** Share (0 to 1) of the measured polls that succeeded; NaN when there were none. */
  public double availability() {
    long n = measuredPolls();
    return n == 0 ? Double.NaN : (double) measuredOk() / n;
  }
}
