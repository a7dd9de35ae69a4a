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

  /**
   * Share (0 to 1) of the measured time the probe found the target up; NaN when there was no
   * measured poll. Time, not polls: each poll stands for its interval, or for the time until the
   * next poll when that was longer (a poll that hung until its timeout held the next ones up, and
   * all that time the target was down). With polls on their schedule it is the share of polls that
   * succeeded.
   */
  public double availability() {
    long up = 0;
    long all = 0;
    for (int i = 0; i < polls.size(); i++) {
      Poll p = polls.get(i);
      if (!p.measured()) {
        continue;
      }
      long gap = i + 1 < polls.size() ? polls.get(i + 1).atNanos() - p.atNanos() : intervalNanos;
      // Within half an interval of the schedule, a poll stands for exactly one interval.
      long weight = gap > intervalNanos + intervalNanos / 2 ? gap : intervalNanos;
      all += weight;
      up += p.ok() ? weight : 0;
    }
    return all == 0 ? Double.NaN : (double) up / all;
  }
}
