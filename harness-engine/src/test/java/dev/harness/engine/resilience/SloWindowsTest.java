package dev.harness.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.engine.judge.Slo;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * An SLO with a window is judged on the window that ends with each second: a slow second spoils the
 * windows it is in and no other, and warm-up seconds are in none.
 */
class SloWindowsTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private final List<IntervalStats> intervals = new ArrayList<>();

  /** Feeds seconds of 1000 answers at 10 ms; the seconds in {@code slow} also 100 at 200 ms. */
  private SloWindows feed(String slo, long warmupNanos, int seconds, int... slow) {
    SloWindows w = new SloWindows(List.of(Criterion.parse(slo)), warmupNanos);
    for (int t = 0; t < seconds; t++) {
      Histogram h = new Histogram(3);
      h.recordValueWithCount(10 * MS, 1000);
      for (int s : slow) {
        if (s == t) {
          h.recordValueWithCount(200 * MS, 100);
        }
      }
      long[] o = new long[Outcome.count()];
      o[Outcome.S2XX.ordinal()] = h.getTotalCount();
      IntervalStats i =
          new IntervalStats(
              t * S,
              (t + 1) * S,
              h.getTotalCount(),
              h.getTotalCount(),
              OutcomeCounts.of(o),
              h.getValueAtPercentile(50),
              h.getValueAtPercentile(90),
              h.getValueAtPercentile(99),
              h.getMaxValue());
      intervals.add(i);
      w.onInterval(i, h, Map.of());
    }
    return w;
  }

  /** {@code +} for each second that meets the SLO, {@code -} for each that misses it. */
  private String judged(String slo, SloWindows w) {
    Slo s = Slo.of(List.of(Criterion.parse(slo)));
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < intervals.size(); k++) {
      sb.append(s.meets(intervals, k, w.series()) ? '+' : '-');
    }
    return sb.toString();
  }

  @Test
  void aSlowSecondSpoilsTheWindowsItIsIn() {
    String slo = "p99 < 50ms over 3s";
    SloWindows w = feed(slo, 0, 10, 5);
    assertEquals("+++++---++", judged(slo, w), "seconds 5, 6, 7 end a window holding second 5");
    assertEquals("+++++-++++", judged("p99 < 50ms", w), "without a window: second 5 alone");
    IntervalStats window = w.series().get(3 * S).get(6);
    assertEquals(4 * S, window.startNanos(), "the window of second 6: seconds 4, 5, 6");
    assertEquals(7 * S, window.endNanos());
    assertEquals(3100, window.outcomes().responses(), "three seconds of answers and the slow ones");
    assertEquals(3100, window.achievedRate() * 3, 1e-6, "a rate over the window's length");
    IntervalStats after = w.series().get(3 * S).get(8);
    assertEquals(3000, after.outcomes().responses());
    assertEquals(
        10 * MS,
        new Histogram(3).highestEquivalentValue(after.responseMax()) / MS * MS,
        "the slow second left the window, its max with it");
  }

  @Test
  void warmUpSecondsAreInNoWindow() {
    String slo = "p99 < 50ms over 5s";
    SloWindows w = feed(slo, 3 * S, 8, 1);
    // Seconds 0-2 are warm-up (judged here on their own, as the run does not judge them at all).
    assertEquals("+-++++++", judged(slo, w));
    assertEquals(3000, w.series().get(5 * S).get(5).outcomes().responses(), "seconds 3, 4, 5");
  }
}
