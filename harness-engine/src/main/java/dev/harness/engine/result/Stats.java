package dev.harness.engine.result;

import org.HdrHistogram.Histogram;

/**
 * What was measured over one window (a phase, or all measured phases together). Histograms hold
 * nanoseconds and are never modified after the run: treat them as read-only.
 *
 * @param durationNanos scheduled length of the window
 * @param scheduled arrivals the schedule put in the window (closed model: requests started)
 * @param sent requests actually written to a connection
 * @param outcomes how every arrival of the window ended
 * @param response response time of each answer and timeout, from the intended start
 * @param service service time of each answer, from the moment the request was written
 */
public record Stats(
    long durationNanos,
    long scheduled,
    long sent,
    OutcomeCounts outcomes,
    Histogram response,
    Histogram service) {

  /** Arrivals accounted for: every one ends in one outcome. */
  public long requests() {
    return outcomes.total();
  }

  public long errors() {
    return outcomes.errors();
  }

  /** Errors as a share of requests, 0 to 1; 0 when there were no requests. */
  public double errorRatio() {
    long n = requests();
    return n == 0 ? 0 : (double) errors() / n;
  }

  /** Scheduled arrivals per second of the window. */
  public double offeredRate() {
    return durationNanos == 0 ? 0 : scheduled * 1e9 / durationNanos;
  }

  /** Answers (any status) per second of the window. */
  public double achievedRate() {
    return durationNanos == 0 ? 0 : outcomes.responses() * 1e9 / durationNanos;
  }

  /** Merges windows that follow each other: counts add up, histograms are added exactly. */
  public Stats plus(Stats other) {
    Histogram r = response.copy();
    r.add(other.response);
    Histogram s = service.copy();
    s.add(other.service);
    return new Stats(
        durationNanos + other.durationNanos,
        scheduled + other.scheduled,
        sent + other.sent,
        outcomes.plus(other.outcomes),
        r,
        s);
  }

  public static Stats empty() {
    return new Stats(0, 0, 0, OutcomeCounts.empty(), new Histogram(3), new Histogram(3));
  }
}
