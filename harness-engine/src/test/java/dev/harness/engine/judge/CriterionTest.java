package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.Stats;
import dev.harness.engine.time.InvalidInputException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CriterionTest {

  /** 1000 answers of 1..1000 ms over 10 s, plus {@code errors} 5xx answers of 1 ms. */
  private static Stats stats(int errors) {
    Histogram h = new Histogram(3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue(ms * 1_000_000L);
    }
    long[] outcomes = new long[Outcome.count()];
    outcomes[Outcome.S2XX.ordinal()] = 1000;
    outcomes[Outcome.S5XX.ordinal()] = errors;
    for (int i = 0; i < errors; i++) {
      h.recordValue(1_000_000L);
    }
    return new Stats(
        10_000_000_000L, 1000 + errors, 1000 + errors, OutcomeCounts.of(outcomes), h, h.copy());
  }

  @Test
  void percentileCriterionComparesTheResponseTimePercentile() {
    CriterionResult pass = Evaluation.evaluate(Criterion.parse("p99 < 995ms"), stats(0));
    CriterionResult fail = Evaluation.evaluate(Criterion.parse("p99 < 980ms"), stats(0));
    assertTrue(pass.passed(), "p99 of 1..1000 ms is ~990 ms, under 995 ms: " + pass);
    assertFalse(fail.passed(), "p99 ~990 ms is not under 980 ms: " + fail);
    assertEquals(990, pass.actual(), 1.0, "actual p99 in the criterion's unit (ms)");
  }

  @Test
  void readsEveryDocumentedMetric() {
    String[] forms = {
      "p50 < 1s",
      "p90<=2s",
      "p95 < 3000ms",
      "p99.9 < 5s",
      "p99.99 < 5s",
      "max <= 1001ms",
      "mean < 600ms",
      "rps >= 100",
      "errors < 0.1%",
      "errors <= 10",
      "p99 < 995000us"
    };
    for (String f : forms) {
      Criterion c = Criterion.parse(f);
      assertTrue(
          Evaluation.evaluate(c, stats(0)).passed(),
          f + " should hold on 1000 answers of 1..1000 ms: " + Evaluation.evaluate(c, stats(0)));
    }
  }

  @Test
  void errorShareIsAPercentOfRequests() {
    CriterionResult r = Evaluation.evaluate(Criterion.parse("errors < 0.1%"), stats(2));
    assertFalse(r.passed(), "2 errors in 1002 requests is 0.2%, not under 0.1%: " + r);
    assertEquals(100.0 * 2 / 1002, r.actual(), 1e-9);
    assertTrue(
        Evaluation.evaluate(Criterion.parse("errors <= 2"), stats(2)).passed(),
        "2 errors meet 'errors <= 2'");
    assertFalse(
        Evaluation.evaluate(Criterion.parse("errors < 2"), stats(2)).passed(),
        "2 errors fail 'errors < 2'");
  }

  @Test
  void rpsIsTheAchievedRateOfTheWindow() {
    CriterionResult r = Evaluation.evaluate(Criterion.parse("rps >= 100"), stats(0));
    assertEquals(100.0, r.actual(), 1e-9, "1000 answers in 10 s");
    assertTrue(r.passed());
    assertFalse(Evaluation.evaluate(Criterion.parse("rps > 100"), stats(0)).passed());
  }

  @Test
  void equalityComparesACountExactly() {
    Criterion none = Criterion.parse("errors == 0");
    assertEquals(Criterion.Op.EQ, none.op());
    assertTrue(Evaluation.evaluate(none, stats(0)).passed(), "0 errors meet 'errors == 0'");
    assertFalse(Evaluation.evaluate(none, stats(1)).passed(), "1 error fails 'errors == 0'");
    Criterion some = Criterion.parse("errors != 0");
    assertEquals(Criterion.Op.NE, some.op());
    assertFalse(Evaluation.evaluate(some, stats(0)).passed(), "0 errors fail 'errors != 0'");
    assertTrue(Evaluation.evaluate(some, stats(1)).passed(), "1 error meets 'errors != 0'");
    assertTrue(
        Evaluation.evaluate(Criterion.parse("rps == 100"), stats(0)).passed(),
        "1000 answers in 10 s are exactly 100/s");
  }

  @Test
  void latencyBoundsTakeMinutesAndHours() {
    Criterion recovery = Criterion.parse("recovery < 5m");
    assertEquals(Criterion.Metric.RECOVERY, recovery.metric());
    assertEquals(300e9, recovery.threshold(), 0.0, "5 minutes in nanoseconds");
    Criterion hour = Criterion.parse("p99 < 1h");
    assertEquals(3600e9, hour.threshold(), 0.0, "1 hour in nanoseconds");
    CriterionResult r = Evaluation.evaluate(hour, stats(0));
    assertTrue(r.passed(), "p99 of ~990 ms is under an hour: " + r);
    assertEquals(990.0 / 3_600_000, r.actual(), 1e-6, "actual in the unit written (h)");
    assertTrue(Evaluation.evaluate(Criterion.parse("max <= 0.5m"), stats(0)).passed());
    assertFalse(Evaluation.evaluate(Criterion.parse("p99 > 1h"), stats(0)).passed());
  }

  @Test
  void nothingMeasuredNeverPasses() {
    assertFalse(
        Evaluation.evaluate(Criterion.parse("p99 < 5ms"), Stats.empty()).passed(),
        "an empty histogram proves nothing");
    assertFalse(
        Evaluation.evaluate(Criterion.parse("errors < 1%"), Stats.empty()).passed(),
        "no requests proves nothing");
  }

  @Test
  void normalisesTheExpression() {
    assertEquals("p99.9 < 5ms", Criterion.parse("  P99.9<5MS ").expression());
    assertEquals("errors < 0.1%", Criterion.parse("errors<0.1%").expression());
    assertEquals("rps >= 10000", Criterion.parse("rps>=10000").expression());
    assertEquals("errors == 0", Criterion.parse("errors==0").expression());
    assertEquals("errors != 0", Criterion.parse(" ERRORS!=0 ").expression());
    assertEquals("recovery < 5m", Criterion.parse("recovery<5M").expression());
    assertEquals("p99 < 1h", Criterion.parse("p99 < 1h").expression());
    assertEquals("errors == 0.5%", Criterion.parse("errors == 0.5%").expression());
  }

  @Test
  void rejectsBadCriteriaWithOneLineThatSaysWhy() {
    String[][] cases = {
      {"p99 5ms", "expected METRIC OP VALUE"},
      {"p99 < 5", "add a unit"},
      {"p99 < 5parsecs", "unknown latency unit 'parsecs' (ns, us, ms, s, m, h)"},
      {"p99 < 5d", "unknown latency unit 'd' (ns, us, ms, s, m, h)"},
      {"errors = 0", "OP one of < <= > >= == !="},
      {"errors <> 0", "OP one of < <= > >= == !="},
      {"errors =< 0", "expected METRIC OP VALUE"},
      {"latency < 5ms", "unknown metric 'latency'"},
      {"rps >= 10ms", "rps takes a plain number"},
      {"errors < 150%", "cannot exceed 100%"},
      {"p0 < 1ms", "percentile must be in"},
      {"", "expected METRIC OP VALUE"},
    };
    for (String[] c : cases) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Criterion.parse(c[0]), c[0]);
      assertTrue(
          e.getMessage().contains(c[1]),
          "'" + c[0] + "' should say '" + c[1] + "', said: " + e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
  }
}
