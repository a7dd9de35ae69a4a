package dev.harness.engine.resilience;

import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Stats;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The last seconds of the per-second series, for abort conditions judged on a sliding window
 * ({@code errors > 10% over 10s}): what the last {@code k} seconds measured, over all requests or
 * for one request name. Histograms are added exactly, as everywhere else.
 *
 * <p>Thread contract: used by one thread only, the sampler (through {@link AbortTrigger}).
 */
final class SlidingWindow {
  private final int capacity;
  private final ArrayDeque<Second> seconds = new ArrayDeque<>();

  /** One second as the window keeps it: copies, since the run's histograms are reused. */
  private record Second(
      IntervalStats stats,
      Histogram response,
      Map<String, Histogram> responseByName,
      Map<String, OutcomeCounts> outcomesByName) {}

  /** A window that keeps at most {@code seconds} seconds. */
  SlidingWindow(int seconds) {
    this.capacity = Math.max(1, seconds);
  }

  /** Adds one second, dropping the oldest beyond the capacity. */
  void add(
      IntervalStats s,
      Histogram response,
      Map<String, Histogram> byName,
      Map<String, OutcomeCounts> outcomesByName) {
    Second oldest = seconds.size() == capacity ? seconds.removeFirst() : null;
    Histogram copy = oldest == null ? new Histogram(3) : oldest.response();
    copy.reset();
    copy.add(response);
    Map<String, Histogram> names = new HashMap<>();
    byName.forEach(
        (name, h) -> {
          Histogram c =
              oldest == null || !oldest.responseByName().containsKey(name)
                  ? new Histogram(3)
                  : oldest.responseByName().get(name);
          c.reset();
          c.add(h);
          names.put(name, c);
        });
    seconds.addLast(new Second(s, copy, names, Map.copyOf(outcomesByName)));
  }

  /**
   * What the last {@code windowSeconds} seconds (fewer at the start of the measured part) measured,
   * over all requests when {@code name} is null, else for that request name.
   */
  Stats last(int windowSeconds, String name) {
    Histogram response = new Histogram(3);
    OutcomeCounts outcomes = OutcomeCounts.empty();
    long scheduled = 0;
    long sent = 0;
    long nanos = 0;
    int n = 0;
    for (Iterator<Second> it = seconds.descendingIterator();
        it.hasNext() && n < windowSeconds;
        n++) {
      Second s = it.next();
      nanos += s.stats().endNanos() - s.stats().startNanos();
      if (name == null) {
        response.add(s.response());
        outcomes = outcomes.plus(s.stats().outcomes());
        scheduled += s.stats().scheduled();
        sent += s.stats().sent();
      } else {
        Histogram h = s.responseByName().get(name);
        if (h != null) {
          response.add(h);
        }
        OutcomeCounts o = s.outcomesByName().getOrDefault(name, OutcomeCounts.empty());
        outcomes = outcomes.plus(o);
        scheduled += o.total();
        sent += o.total();
      }
    }
    return new Stats(nanos, scheduled, sent, outcomes, response, new Histogram(3));
  }
}
