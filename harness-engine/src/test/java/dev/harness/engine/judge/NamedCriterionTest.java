package dev.harness.engine.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Criterion;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.result.CriterionResult;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.OutcomeCounts;
import dev.harness.engine.result.RequestResult;
import dev.harness.engine.result.Stats;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.time.InvalidInputException;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Criteria that select one request name, {@code p95{name=token} < 5ms}: parsing and judging. */
class NamedCriterionTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  /** Ten seconds of {@code ok} answers all of {@code millis} ms and {@code errors} 5xx. */
  private static Stats stats(long ok, long errors, long millis) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(millis * MS, ok);
    long[] o = new long[Outcome.count()];
    o[Outcome.S2XX.ordinal()] = ok;
    o[Outcome.S5XX.ordinal()] = errors;
    return new Stats(10 * S, ok + errors, ok + errors, OutcomeCounts.of(o), h, h);
  }

  private static Measurements twoSteps() {
    Stats fast = stats(1000, 0, 1);
    Stats slow = stats(1000, 100, 50);
    return Measurements.of(fast.plus(slow), List.of(), null, null, null, Ending.completed(10 * S))
        .withRequests(List.of(new RequestResult("fast", fast), new RequestResult("slow", slow)));
  }

  private static CriterionResult judge(String text) {
    return Evaluation.evaluate(Criterion.parse(text), twoSteps(), null);
  }

  @Test
  void parsesTheNameKeepingItsCaseAndWritesItBack() {
    Criterion c = Criterion.parse("P95{name=Token} < 5ms");
    assertEquals("Token", c.name());
    assertEquals(Criterion.Metric.PERCENTILE, c.metric());
    assertEquals(5 * MS, c.threshold());
    assertEquals("p95{name=Token} < 5ms", c.expression());
    assertEquals("GET /", Criterion.parse("rps{ name = 'GET /' } >= 100").name());
    assertEquals(
        "errors{name=login} < 1%", Criterion.parse("errors{name=login} < 1%").expression());
    assertNull(Criterion.parse("p95 < 5ms").name());
    assertFalse(
        Criterion.parse("p99{name=a} < 5ms").judgeablePerSecond(), "per-second is run-wide");
  }

  @Test
  void refusesNamesOnRunWideMetricsAndBrokenSelectors() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Criterion.parse("recovery{name=a} < 5s"));
    assertTrue(e.getMessage().contains("whole run"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> Criterion.parse("p95{route=a} < 5ms"));
    assertTrue(e.getMessage().contains("METRIC{name=NAME}"), e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> Criterion.parse("p95{name=} < 5ms"));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void judgesOnlyTheNamedRequest() {
    assertTrue(judge("p95{name=fast} < 5ms").passed(), "fast step is 1 ms");
    CriterionResult slow = judge("p95{name=slow} < 5ms");
    assertFalse(slow.passed(), "slow step is 50 ms");
    assertEquals(50.0, slow.actual(), 0.1);
    assertFalse(judge("p95 < 5ms").passed(), "run-wide includes the slow step");
    assertTrue(judge("errors{name=fast} == 0").passed());
    CriterionResult errors = judge("errors{name=slow} < 1%");
    assertFalse(errors.passed(), errors.actualText());
    assertEquals(100.0 / 11, errors.actual(), 0.01);
    assertEquals(100.0, judge("rps{name=fast} >= 100").actual(), 0.01);
    assertTrue(judge("max{name=fast} < 2ms").passed());
  }

  @Test
  void anUnknownNameFailsSayingWhichNamesExist() {
    CriterionResult r = judge("p95{name=login} < 5ms");
    assertFalse(r.passed());
    assertEquals(
        "criterion 'p95{name=login} < 5ms': no request named 'login' (requests: fast, slow)",
        r.actualText());
  }

  @Test
  void aRunSpecRefusesANameItDoesNotHave() {
    RunSpec.Builder b = Specs.builder("http://127.0.0.1:1/");
    b.build(); // the request is named "get"
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> b.criteria(Specs.criteria("p95{name=token} < 5ms")).build());
    assertEquals(
        "criterion 'p95{name=token} < 5ms': no request named 'token' (requests: get)",
        e.getMessage());
    b.criteria(Specs.criteria("p95{name=get} < 5ms")).build();
  }
}
