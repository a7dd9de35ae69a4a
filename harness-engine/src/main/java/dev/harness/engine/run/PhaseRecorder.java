package dev.harness.engine.run;

import dev.harness.engine.model.StatusSet;
import dev.harness.engine.result.Outcome;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * What one worker records for one phase: latency histograms and counters.
 *
 * <p>Thread contract: exactly one writer, the worker's event loop, calls the {@code record*} and
 * {@code count*} methods; one reader, the run's sampler thread, calls {@link #intervalResponse},
 * {@link #intervalService}, {@link #intervalOutcome}, {@link #intervalLag}, {@link #counter} and
 * {@link #statusCount}. Counters are single-writer longs published with ordered writes, so the
 * writer never contends and the reader sees each count whole.
 *
 * <p>An interval's response and service histograms and its outcome counts are swapped out together
 * (one {@link WriterReaderPhaser} flip, as HdrHistogram's {@code SingleWriterRecorder} does for one
 * histogram): a request that ends as the sampler takes the second is in both the histograms and the
 * counts of the same interval, so latency.hlog's per-second counts equal result.json's.
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

  /** One interval's answers: response and service times and outcome counts, read together. */
  private static final class Interval {
    final Histogram response = new Histogram(3);
    final Histogram service = new Histogram(3);
    final long[] outcomes = new long[Outcome.count()];
    long unexpected;

    void reset() {
      response.reset();
      service.reset();
      Arrays.fill(outcomes, 0);
      unexpected = 0;
    }
  }

  private final WriterReaderPhaser phaser = new WriterReaderPhaser();
  private volatile Interval active = new Interval();
  private Interval taken = new Interval(); // the sampler's; the worker never touches it
  private final SingleWriterRecorder lag = new SingleWriterRecorder(3);
  private final AtomicLongArray counters = new AtomicLongArray(SLOTS);

  /** Answers by exact status, index {@code status - StatusSet.MIN}: a fixed array, no boxing. */
  private final AtomicLongArray statuses = new AtomicLongArray(StatusSet.MAX - StatusSet.MIN + 1);

  /** A timeout, or an answer without a status of its own (a failed check). */
  void recordAnswer(Outcome outcome, long responseNanos, long serviceNanos) {
    record(outcome, false, responseNanos, serviceNanos);
    count(outcome.ordinal());
  }

  private void record(Outcome outcome, boolean unexpected, long responseNanos, long serviceNanos) {
    long at = phaser.writerCriticalSectionEnter();
    try {
      Interval i = active;
      i.response.recordValue(Math.max(0, responseNanos));
      i.service.recordValue(Math.max(0, serviceNanos));
      i.outcomes[outcome.ordinal()]++;
      if (unexpected) {
        i.unexpected++;
      }
    } finally {
      phaser.writerCriticalSectionExit(at);
    }
  }

  /**
   * An answer counted under its status class and its exact status; {@code expected}: whether the
   * status is one the request expects (else it is an error).
   */
  void recordStatus(int status, boolean expected, long responseNanos, long serviceNanos) {
    Outcome outcome = Outcome.ofStatus(status);
    record(outcome, !expected, responseNanos, serviceNanos);
    count(outcome.ordinal());
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
    long at = phaser.writerCriticalSectionEnter();
    try {
      active.outcomes[outcome.ordinal()]++;
    } finally {
      phaser.writerCriticalSectionExit(at);
    }
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
  private Histogram lastLag;

  /**
   * Takes the interval since the previous call and returns its response times; {@link
   * #intervalService} and {@link #intervalOutcome} read the same interval. Valid until the next
   * call.
   */
  Histogram intervalResponse() {
    phaser.readerLock();
    try {
      Interval next = taken;
      next.reset();
      taken = active;
      active = next;
      phaser.flipPhase(); // waits until no record() still writes into the interval just taken
    } finally {
      phaser.readerUnlock();
    }
    return taken.response;
  }

  /** Service times of the interval {@link #intervalResponse} took. */
  Histogram intervalService() {
    return taken.service;
  }

  /** Answers with a status not expected, in the interval {@link #intervalResponse} took. */
  long intervalUnexpected() {
    return taken.unexpected;
  }

  /** Requests that ended with {@code outcome} in the interval {@link #intervalResponse} took. */
  long intervalOutcome(Outcome outcome) {
    return taken.outcomes[outcome.ordinal()];
  }

  /** Dispatch lags since the previous call; valid until the next call. */
  Histogram intervalLag() {
    return lastLag = lag.getIntervalHistogram(lastLag);
  }
}
