package dev.harness.engine.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.judge.Recovery;
import dev.harness.engine.judge.Slo;
import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.Fault;
import dev.harness.engine.model.FaultWindow;
import dev.harness.engine.model.ResilienceSpec;
import dev.harness.engine.result.FaultImpact;
import dev.harness.engine.result.IntervalStats;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-second SLO, recovery on the one-second grid, and the fault timeline's input. */
class SloTest {
  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  /** One second of {@code ok} 2xx and {@code errors} 5xx with this p99. */
  private static IntervalStats second(int t, long ok, long errors, long p99Millis) {
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = ok;
    o[Outcome.S5XX.ordinal()] = errors;
    long p = p99Millis * MS;
    return new IntervalStats(
        t * S, (t + 1) * S, ok + errors, ok + errors, OutcomeCounts.of(o), p / 4, p / 2, p, p);
  }

  private static Slo slo(String... criteria) {
    return Slo.of(List.of(criteria).stream().map(Criterion::parse).toList());
  }

  @Test
  void aSecondMeetsTheSloWhenEveryCriterionHolds() {
    Slo slo = slo("p99 < 50ms", "errors < 1%");
    assertTrue(slo.meets(second(0, 1000, 5, 20)));
    assertFalse(slo.meets(second(0, 1000, 50, 20)), "5% errors");
    assertFalse(slo.meets(second(0, 1000, 0, 200)), "p99 200 ms");
    assertFalse(slo.meets(second(0, 0, 0, 0)), "nothing completed: no evidence of service");
  }

  @Test
  void sloComesFromTheCriteriaJudgeablePerSecondElseTheDefault() {
    List<Criterion> criteria =
        List.of(
            Criterion.parse("p99.9 < 5ms"),
            Criterion.parse("p99 < 9ms"),
            Criterion.parse("errors <= 3"));
    Slo fromCriteria = Slo.of(ResilienceSpec.NONE, criteria);
    assertEquals(List.of("p99 < 9ms"), fromCriteria.expressions());
    assertEquals("criteria", fromCriteria.source());
    Slo fallback = Slo.of(ResilienceSpec.NONE, List.of(Criterion.parse("p95 < 5ms")));
    assertEquals(List.of(Slo.DEFAULT), fallback.expressions());
    assertEquals("default", fallback.source());
  }

  @Test
  void recoveryIsTheStartOfTheFirstGoodSecondAfterTheEnd() {
    Slo slo = slo("p99 < 50ms");
    List<IntervalStats> series = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      // fault in [3 s, 6 s); its tail spoils second 6
      series.add(second(t, 1000, 0, t >= 3 && t <= 6 ? 200 : 10));
    }
    assertEquals(1 * S, Recovery.after(series, slo, 6 * S), "tail in second 6: recovered at 7 s");
    assertEquals(500 * MS, Recovery.after(series, slo, 6_500 * MS), "ended mid-second 6");
    assertEquals(0, Recovery.after(series, slo, 8 * S), "good right away");
    assertEquals(
        FaultImpact.NOT_RECOVERED,
        Recovery.after(series.subList(0, 7), slo, 6 * S),
        "no good second before the end");
  }

  @Test
  void faultWindowsParseFromTheCommandLineAndTheScenarioForm() {
    FaultWindow w = FaultWindow.parse("at=20s,for=10s,latency 200ms");
    assertEquals(new FaultWindow(20 * S, 10 * S, new Fault.Latency(200 * MS, 0)), w);
    assertEquals(w, FaultWindow.parse("for=10s, at=20s, latency 200ms"), "keys in any order");
    assertEquals(w, FaultWindow.of("20s", "10s", "latency 200ms"));
    assertEquals(
        new FaultWindow(0, 1500 * MS, new Fault.Status(503, 50)),
        FaultWindow.parse("at=0s,for=1.5s,status 503 50%"));
  }

  @Test
  void badTimelinesAreOneClearLine() {
    String[][] cases = {
      {"latency 200ms", "expected at=TIME,for=TIME,FAULT"},
      {"at=1s,latency 200ms", "expected at=TIME,for=TIME,FAULT"},
      {"at=1s,for=0s,reset", "'for' must be positive"},
      {"at=1s,for=2s,when=3s,reset", "unknown key 'when'"},
      {"at=soon,for=2s,reset", "cannot read duration 'soon'"},
      {"at=1s,for=2s,jam", "unknown fault"},
    };
    for (String[] c : cases) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> FaultWindow.parse(c[0]), c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
    }
    InvalidInputException overlap =
        assertThrows(
            InvalidInputException.class,
            () ->
                new ResilienceSpec(
                    List.of(
                        FaultWindow.parse("at=1s,for=5s,latency 10ms"),
                        FaultWindow.parse("at=3s,for=5s,latency 20ms")),
                    List.of(),
                    List.of()));
    assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
    InvalidInputException slo =
        assertThrows(
            InvalidInputException.class,
            () -> new ResilienceSpec(List.of(), List.of(Criterion.parse("p95 < 5ms")), List.of()));
    assertTrue(slo.getMessage().contains("cannot be judged on one second"), slo.getMessage());
  }

  @Test
  void recoveryAndAvailabilityCriteriaParse() {
    assertEquals("recovery < 5s", Criterion.parse("recovery < 5s").expression());
    assertEquals("availability >= 99.9%", Criterion.parse("availability >= 99.9%").expression());
    assertTrue(Criterion.parse("recovery < 5s").isResilience());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Criterion.parse("availability >= 99"));
    assertTrue(e.getMessage().contains("is a share"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> Criterion.parse("recovery < 5"));
  }
}
