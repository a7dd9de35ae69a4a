package dev.harness.engine.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.harness.engine.judge.Evaluation;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Drift from made-up series: first against last tenth, slopes per hour, the criteria on them. */
class DriftTest {
  private static final long S = 1_000_000_000L;

  /** {@code n} seconds, the p99 of second k {@code p99(k)} ms, answers {@code rate(k)}. */
  private static List<IntervalStats> series(int n, double p99From, double p99To, long rate) {
    List<IntervalStats> list = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      long p99 = Math.round((p99From + (p99To - p99From) * k / (n - 1)) * 1e6);
      long[] o = new long[Outcome.count()];
      o[Outcome.S2XX.ordinal()] = rate;
      list.add(
          new IntervalStats(k * S, (k + 1) * S, rate, rate, OutcomeCounts.of(o), 0, 0, p99, p99));
    }
    return list;
  }

  @Test
  void aRisingP99ShowsAsAChangeAndASlope() {
    // 100 s, p99 from 10 ms to 19.9 ms: first tenth median ~10.45 ms, last ~19.45 ms.
    Drift d = Drift.of(series(100, 10, 19.9, 500), 0, 100 * S);
    assertEquals(100, d.seconds());
    assertEquals(86.1, d.p99ChangePercent(), 0.5);
    // 9.9 ms over 99 s of seconds: 0.1 ms a second, 360 ms an hour.
    assertEquals(360e6, d.p99SlopeNanosPerHour(), 1e6);
    assertEquals(0, d.rateChangePercent(), 1e-9);
    assertEquals(0, d.rateSlopePerHour(), 1e-6);

    assertEquals(false, Evaluation.drift(Criterion.parse("drift.p99 < 20%"), d).passed());
    assertEquals(true, Evaluation.drift(Criterion.parse("drift.rps > -5%"), d).passed());
  }

  @Test
  void onlyTheMeasuredSecondsCountAndTooFewGiveNone() {
    assertNull(Drift.of(series(19, 1, 1, 10), 0, 19 * S));
    // 10 s warm-up of slow seconds left out: flat afterwards.
    List<IntervalStats> s = new ArrayList<>(series(40, 5, 5, 100));
    Drift d = Drift.of(s, 10 * S, 40 * S);
    assertEquals(30, d.seconds());
    assertEquals(0, d.p99ChangePercent(), 1e-9);
    assertEquals(
        "not measured (needs 20 measured seconds or more)",
        Evaluation.drift(Criterion.parse("drift.p99 < 20%"), null).actualText());
  }

  @Test
  void driftCriteriaParseWithSignedPercentsOnly() {
    assertEquals("drift.rps > -5%", Criterion.parse("drift.rps > -5%").expression());
    Assertions.assertThrows(InvalidInputException.class, () -> Criterion.parse("drift.p99 < 20ms"));
    Assertions.assertThrows(InvalidInputException.class, () -> Criterion.parse("p99 < -5ms"));
    Assertions.assertThrows(
        InvalidInputException.class, () -> Criterion.parse("drift.p99{name=a} < 20%"));
  }
}
