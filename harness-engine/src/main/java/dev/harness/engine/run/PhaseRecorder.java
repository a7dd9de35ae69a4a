package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What one worker records for one phase: latency histograms and counters.
 *
 * <p>Thread contract: exactly one writer, the worker's event loop, calls the {@code record*} and
 * {@code count*} methods; one reader, the run's sampler thread, calls {@link #intervalResponse},
 * {@link #intervalService}, {@link #intervalLag} and {@link #counter}. Counters are single-writer
 * longs published with ordered writes, so the writer never contends and the reader sees each count
 * whole.
 */
final class PhaseRecorder {
  static final int SCHEDULED = Outcome.count();
  static final int SENT = SCHEDULED + 1;
  static final int LATE = SENT + 1;

  /** Arrivals that found no idle connection and waited for one. */
  static final int QUEUED = LATE + 1;

  static final int SLOTS = QUEUED + 1;

  private final SingleWriterRecorder response = new SingleWriterRecorder(3);
  private final SingleWriterRecorder service = new SingleWriterRecorder(3);
  private final SingleWriterRecorder lag = new SingleWriterRecorder(3);
  private final AtomicLongArray counters = new AtomicLongArray(SLOTS);

  void recordAnswer(Outcome outcome, long responseNanos, long serviceNanos) {
    response.recordValue(Math.max(0, responseNanos));
    service.recordValue(Math.max(0, serviceNanos));
    count(outcome.ordinal());
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
