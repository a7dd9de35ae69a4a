package dev.harness.engine.run;

import dev.harness.engine.model.StatusSet;
import dev.harness.engine.result.Outcome;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What one worker records for one phase: latency histograms and counters.
 *
 * <p>Thread contract: exactly one writer, the worker's event loop, calls the {@code record*} and
 * {@code count*} methods; one reader, the run's sampler thread, calls {@link #intervalResponse},
 * {@link #intervalService}, {@link #intervalLag}, {@link #counter} and {@link #statusCount}.
 * Counters are single-writer longs published with ordered writes, so the writer never contends and
 * the reader sees each count whole.
 */
final class PhaseRecorder {
  static final int SCHEDULED = Outcome.count();
  static final int SENT = SCHEDULED + 1;
  static final int LATE = SENT + 1;

  /** Arrivals that found no idle connection and waited for one. */
  static final int QUEUED = LATE + 1;

  /** Answers whose status the request did not expect: errors under their status class. */
  static final int UNEXPECTED = QUEUED + 1;

  static final int SLOTS = UNEXPECTED + 1;

  private final SingleWriterRecorder response = new SingleWriterRecorder(3);
  private final SingleWriterRecorder service = new SingleWriterRecorder(3);
  private final SingleWriterRecorder lag = new SingleWriterRecorder(3);
  private final AtomicLongArray counters = new AtomicLongArray(SLOTS);

  /** Answers by exact status, index {@code status - StatusSet.MIN}: a fixed array, no boxing. */
  private final AtomicLongArray statuses = new AtomicLongArray(StatusSet.MAX - StatusSet.MIN + 1);

  /** A timeout, or an answer without a status of its own (a failed check). */
  void recordAnswer(Outcome outcome, long responseNanos, long serviceNanos) {
    response.recordValue(Math.max(0, responseNanos));
    service.recordValue(Math.max(0, serviceNanos));
    count(outcome.ordinal());
  }

  /**
   * An answer counted under its status class and its exact status; {@code expected}: whether the
   * status is one the request expects (else it is an error).
   */
  void recordStatus(int status, boolean expected, long responseNanos, long serviceNanos) {
    response.recordValue(Math.max(0, responseNanos));
    service.recordValue(Math.max(0, serviceNanos));
    count(Outcome.ofStatus(status).ordinal());
    int i = status - StatusSet.MIN;
    statuses.lazySet(i, statuses.get(i) + 1);
    if (!expected) {
      count(UNEXPECTED);
    }
  }

  void recordDispatch(long lagNanos, boolean late) {
    lag.recordValue(Math.max(0, lagNanos));
    count(SCHEDULED);
    if (late) {
      count(LATE);
    }
  }

  void countSent() {
    count(SENT);
  }

  void countQueued() {
    count(QUEUED);
  }

  void countOutcome(Outcome outcome) {
    count(outcome.ordinal());
  }

  private void count(int slot) {
    counters.lazySet(slot, counters.get(slot) + 1);
  }

  long counter(int slot) {
    return counters.get(slot);
  }

  /** Answers with {@code status} so far. */
  long statusCount(int status) {
    return statuses.get(status - StatusSet.MIN);
  }

  // Reader side: each interval histogram is handed back to the recorder it came from on the next
  // swap, so steady-state sampling allocates nothing.
  private Histogram lastResponse;
  private Histogram lastService;
  private Histogram lastLag;

  /** Response times since the previous call; valid until the next call. */
  Histogram intervalResponse() {
    return lastResponse = response.getIntervalHistogram(lastResponse);
  }

  /** Service times since the previous call; valid until the next call. */
  Histogram intervalService() {
    return lastService = service.getIntervalHistogram(lastService);
  }

  /** Dispatch lags since the previous call; valid until the next call. */
  Histogram intervalLag() {
    return lastLag = lag.getIntervalHistogram(lastLag);
  }
}
