package dev.harness.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** An abort condition with {@code over} reads the last seconds, not everything so far. */
class WindowedAbortTriggerTest {
  private static final long S = 1_000_000_000L;

  private static void second(AbortTrigger t, int at, boolean failing) {
    long[] o = new long[Outcome.count()];
    o[(failing ? Outcome.S5XX : Outcome.S2XX).ordinal()] = 100;
    OutcomeCounts counts = OutcomeCounts.of(o);
    Histogram h = new Histogram(3);
    h.recordValueWithCount(1_000_000, 100);
    t.onNameOutcomes(Map.of("home", counts));
    t.onInterval(
        new IntervalStats(at * S, (at + 1) * S, 100, 100, counts, 0, 0, 0, 0),
        h,
        Map.of("home", h));
  }

  /** The second (from 0) after which the condition stopped the run, or -1. */
  private static int firesAt(String condition, int seconds, int failFrom) {
    int[] stops = {0};
    AbortTrigger t = new AbortTrigger(List.of(Criterion.parse(condition)), 0, () -> stops[0]++);
    for (int s = 0; s < seconds; s++) {
      second(t, s, s >= failFrom);
      if (stops[0] > 0) {
        return s;
      }
    }
    assertNull(t.fired());
    return -1;
  }

  @Test
  void errorsStartingLateFireWithinTheWindow() {
    // Over 5 s: the third failing second makes 3 of 5 seconds, 60%.
    assertEquals(22, firesAt("errors > 50% over 5s", 60, 20));
    assertEquals(22, firesAt("errors{name=home} > 50% over 5s", 60, 20));
    // On everything so far the same share waits until failures outweigh 20 good seconds.
    assertEquals(40, firesAt("errors > 50%", 60, 20));
  }

  @Test
  void theWindowForgetsWhatLeftIt() {
    // Failing in the first 3 seconds only: over 10 s never more than 30%.
    assertEquals(-1, firesAt("errors > 40% over 10s", 30, 100));
    int[] stops = {0};
    AbortTrigger t =
        new AbortTrigger(List.of(Criterion.parse("errors > 40% over 10s")), 0, () -> stops[0]++);
    for (int s = 0; s < 30; s++) {
      second(t, s, s < 3);
    }
    assertEquals(1, stops[0], "the first seconds, 100% failing, fire at once");
    assertEquals("errors > 40% over 10s", t.fired().criterion());
  }
}
